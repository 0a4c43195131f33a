import { expect, test } from "@playwright/test";

test("typing canta in the header suggests çanta products; Enter opens the first, the arrows move", async ({
  page,
}) => {
  await page.goto("/");
  const box = page.getByRole("combobox", { name: "Ürün ara" });
  const listbox = page.getByRole("listbox", { includeHidden: true });
  await expect(box).toHaveAttribute("aria-expanded", "false");
  await expect(box).toHaveAttribute("aria-controls", (await listbox.getAttribute("id")) ?? "");

  await box.pressSequentially("canta");
  await expect(box).toHaveAttribute("aria-expanded", "true");
  const products = listbox.getByRole("group", { name: "Ürünler" }).getByRole("option");
  await expect(products.first()).toBeVisible();
  await expect(products.first()).toContainText(/çanta/i);
  await expect(products.first()).toContainText("₺");
  await expect(listbox.getByRole("group", { name: "Kategoriler" }).getByRole("option")).toContainText([
    "Çanta & Aksesuar",
  ]);
  // An option reads the product's name, then its price.
  const firstName = ((await products.first().textContent()) ?? "").replace(/₺.*$/, "").trim();
  // The first suggestion is active as the list appears; ↓ moves on, ↑ comes back.
  await expect(products.first()).toHaveAttribute("aria-selected", "true");
  await box.press("ArrowDown");
  await expect(products.nth(1)).toHaveAttribute("aria-selected", "true");
  await box.press("ArrowUp");
  await expect(products.first()).toHaveAttribute("aria-selected", "true");

  // Escape closes; ↓ reopens on the first.
  await box.press("Escape");
  await expect(box).toHaveAttribute("aria-expanded", "false");
  await box.press("ArrowDown");
  await expect(box).toHaveAttribute("aria-expanded", "true");
  const first = products.first();
  await expect(first).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveAttribute("aria-activedescendant", (await first.getAttribute("id")) ?? "");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/products\/[a-z0-9-]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(firstName);
});

test("a click on a suggested category opens it, and Enter after Escape searches", async ({ page }) => {
  await page.goto("/");
  const box = page.getByRole("combobox", { name: "Ürün ara" });
  await box.pressSequentially("ayakabı");
  await page.getByRole("option", { name: "Ayakkabı", exact: true }).click();
  await expect(page).toHaveURL(/\/products\?category=ayakkabi$/);

  await box.fill("");
  await box.pressSequentially("ayakabı");
  await expect(page.getByRole("listbox").getByRole("option").first()).toBeVisible();
  await box.press("Escape");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/products\?q=ayakab/);
  const names = await page.getByTestId("product-card").getByRole("link").allTextContents();
  expect(names.some((name) => /ayakkabı/i.test(name))).toBe(true);
});
