import { expect, type Page, test } from "@playwright/test";
import { PASSWORD, randomIp, registerViaApi, uniqueEmail } from "./account-support";
import { productWithStock } from "./support";

// The sign-in and registration limits are per IP: give each test's requests an address of its own.
// biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
test.use({ extraHTTPHeaders: async ({}, use) => use({ "x-forwarded-for": randomIp() }) });

/** Hearts the product page's variant and waits until the heart shows it saved. */
async function heart(page: Page, slug: string, sku: string) {
  // The list is read after paint: wait for it, so the click goes through the API, not the plain post.
  const listed = page.waitForResponse((response) => response.url().endsWith("/api/wishlist/items"));
  await page.goto(`/products/${slug}?sku=${sku}`);
  await expect(page.getByTestId("sku")).toHaveText(sku);
  await listed;
  const button = page.getByRole("button", { name: "Favorilere ekle" });
  await expect(button).toHaveAttribute("aria-pressed", "false");
  const saved = page.waitForResponse(
    (response) => response.url().endsWith("/api/wishlist/items") && response.request().method() === "POST",
  );
  await button.click();
  expect((await saved).status()).toBe(200);
  await expect(page.getByRole("button", { name: "Favorilerden çıkar" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
}

test("a guest hearts two products, signs in and finds both in the account's wishlist", async ({
  page,
  request,
}) => {
  const first = await productWithStock(request, 32);
  const second = await productWithStock(request, 33);
  const firstSku = first.variants[0]?.sku ?? "";
  const secondSku = second.variants[0]?.sku ?? "";
  const email = uniqueEmail("favori");
  // The account exists beforehand (made by another client); the browser is still a guest.
  await registerViaApi(request, email);

  await heart(page, first.slug, firstSku);
  await heart(page, second.slug, secondSku);
  const cookie = (await page.context().cookies()).find((c) => c.name === "wishlist");
  expect(cookie?.httpOnly).toBe(true);
  await page.goto("/wishlist");
  await expect(page.getByTestId("wishlist-item")).toHaveCount(2);

  await page.goto("/login?next=/account/wishlist");
  await page.getByLabel("E-posta").fill(email);
  await page.getByLabel("Şifre").fill(PASSWORD);
  await page.getByRole("button", { name: "Giriş yap" }).click();
  await expect(page).toHaveURL(/\/account\/wishlist$/);
  const items = page.getByTestId("wishlist-item");
  await expect(items).toHaveCount(2);
  await expect(items.filter({ hasText: first.name })).toHaveCount(1);
  await expect(items.filter({ hasText: second.name })).toHaveCount(1);
  // The guest's cookie is gone: its list now lives in the account.
  expect((await page.context().cookies()).some((c) => c.name === "wishlist")).toBe(false);

  // The heart on the product page shows the account's list, and removes from it.
  await page.goto(`/products/${first.slug}?sku=${firstSku}`);
  const removed = page.waitForResponse((response) => response.request().method() === "DELETE");
  await page.getByRole("button", { name: "Favorilerden çıkar" }).click();
  expect((await removed).status()).toBe(200);
  await expect(page.getByRole("button", { name: "Favorilere ekle" })).toHaveAttribute(
    "aria-pressed",
    "false",
  );
  await page.goto("/account/wishlist");
  await expect(page.getByTestId("wishlist-item")).toHaveCount(1);
});
