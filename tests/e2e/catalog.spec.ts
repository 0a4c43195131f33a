import { expect, type Page, test } from "@playwright/test";

async function cardPrices(page: Page): Promise<number[]> {
  await expect(page.getByTestId("product-card").first()).toBeVisible();
  return page
    .getByTestId("product-card")
    .locator("[data-price]")
    .evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute("data-price"))));
}

test("a shopper browses home → category → product", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "tr");
  await expect(page.getByRole("heading", { name: "Öne çıkanlar" })).toBeVisible();
  await expect(page.getByTestId("product-card").first()).toBeVisible();

  const categoryNav = page.getByRole("navigation", { name: "Kategoriler" });
  const categoryLink = categoryNav.getByRole("link").nth(1);
  const categoryName = (await categoryLink.textContent())?.trim() ?? "";
  await categoryLink.click();
  await expect(page).toHaveURL(/\/products\?category=/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(categoryName);

  const firstCard = page.getByTestId("product-card").first();
  const productName = (await firstCard.getByRole("link").textContent())?.trim() ?? "";
  await firstCard.getByRole("link").click();
  await expect(page).toHaveURL(/\/products\/[a-z0-9-]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(productName);
  await expect(page.getByTestId("price")).toContainText("₺");
  await expect(page.getByTestId("stock-status")).toHaveText(/Stokta|Son \d+ ürün|Tükendi/);
});

test("filters by price and sorts by price in both directions", async ({ page }) => {
  await page.goto("/products");
  await page.getByLabel("Sırala").selectOption("price_asc");
  await page.getByRole("button", { name: "Uygula" }).click();
  await expect(page).toHaveURL(/sort=price_asc/);
  const ascending = await cardPrices(page);
  expect(ascending.length).toBeGreaterThan(1);
  expect(ascending).toEqual([...ascending].sort((a, b) => a - b));

  await page.getByLabel("Sırala").selectOption("price_desc");
  await page.getByLabel("En az").selectOption({ index: 2 });
  await page.getByRole("button", { name: "Uygula" }).click();
  await expect(page).toHaveURL(/sort=price_desc/);
  const minimum = Number(new URL(page.url()).searchParams.get("minPrice"));
  const descending = await cardPrices(page);
  expect(descending.length).toBeGreaterThan(0);
  expect(descending).toEqual([...descending].sort((a, b) => b - a));
  for (const price of descending) expect(price).toBeGreaterThanOrEqual(minimum);
});

test("paginates the listing", async ({ page }) => {
  await page.goto("/products");
  await expect(page.getByTestId("product-card").first()).toBeVisible();
  const firstPage = await page.getByTestId("product-card").getByRole("link").allTextContents();
  await page.getByRole("navigation", { name: "Sayfalar" }).getByRole("link", { name: "Sonraki" }).click();
  await expect(page).toHaveURL(/page=2/);
  // The address changes before the new cards are in: wait for them.
  await expect(page.getByTestId("product-card").first().getByRole("link")).not.toHaveText(firstPage[0] ?? "");
  const secondPage = await page.getByTestId("product-card").getByRole("link").allTextContents();
  expect(secondPage.length).toBeGreaterThan(0);
  expect(secondPage.filter((name) => firstPage.includes(name))).toEqual([]);
});

for (const term of ["İstanbul", "istanbul", "ISTANBUL"]) {
  test(`search finds İstanbul products for "${term}"`, async ({ page }) => {
    await page.goto("/");
    await page.getByRole("combobox", { name: "Ürün ara" }).fill(term);
    await page.getByRole("button", { name: "Ara" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(term);
    await expect(page.getByTestId("product-card").first()).toBeVisible();
    const names = await page.getByTestId("product-card").getByRole("link").allTextContents();
    expect(names.length).toBeGreaterThanOrEqual(2);
    for (const name of names) expect(name.toLocaleLowerCase("tr")).toContain("istanbul");
  });
}

test('search for "canta" finds bags named "Çanta"', async ({ page }) => {
  await page.goto("/products?q=canta");
  await expect(page.getByTestId("product-card").first()).toBeVisible();
  const names = await page.getByTestId("product-card").getByRole("link").allTextContents();
  expect(names.some((name) => /[çÇ]anta/.test(name))).toBe(true);
});

test("switches the language to English and back", async ({ page }) => {
  await page.goto("/products");
  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { name: "All products" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("button", { name: "Apply" })).toBeVisible();
  await page.getByRole("button", { name: "Türkçe'ye geç" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "tr");
  await expect(page.getByRole("heading", { name: "Tüm ürünler" })).toBeVisible();
});

test("the cached product page comes in the switched language, its stock read live", async ({
  page,
  request,
}) => {
  const list = await (await request.get("/api/products?limit=1")).json();
  const slug: string = list.items[0].slug;
  await page.goto(`/products/${slug}`);
  await expect(page.locator("html")).toHaveAttribute("lang", "tr");
  await expect(page.getByTestId("stock-status")).toHaveText(/Stokta|Son \d+ ürün|Tükendi/);
  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page).toHaveURL(new RegExp(`/products/${slug}$`));
  const english = await (
    await request.get(`/api/products/${slug}`, { headers: { cookie: "NEXT_LOCALE=en" } })
  ).json();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(english.name);
  await expect(page.getByTestId("stock-status")).toHaveText(/In stock|Only \d+ left|Sold out/);
  await page.getByRole("button", { name: "Türkçe'ye geç" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "tr");
});

test("shows sold-out and low-stock products in words", async ({ page, request }) => {
  const list = await (await request.get("/api/products?limit=100")).json();
  const details = await Promise.all(
    list.items.map(async (item: { slug: string }) =>
      (await request.get(`/api/products/${item.slug}`)).json(),
    ),
  );
  const soldOut = details.find((p) => p.variants.every((v: { available: number }) => v.available === 0));
  const low = details.find(
    (p) => p.variants.length === 1 && p.variants[0].available > 0 && p.variants[0].available <= 3,
  );
  expect(soldOut).toBeDefined();
  await page.goto(`/products/${soldOut.slug}`);
  await expect(page.getByTestId("stock-status")).toHaveText("Tükendi");
  if (low) {
    await page.goto(`/products/${low.slug}`);
    await expect(page.getByTestId("stock-status")).toHaveText(`Son ${low.variants[0].available} ürün`);
  }
});

test("an unknown product shows the 404 page", async ({ page }) => {
  const response = await page.goto("/products/boyle-bir-urun-yok");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Sayfa bulunamadı" })).toBeVisible();
});

test("odd query strings give a normal page", async ({ page }) => {
  for (const query of [
    "page=-1",
    "page=abc",
    "minPrice=abc",
    `q=${"a".repeat(10_000)}`,
    "q=%27%3B%20drop%20table",
  ]) {
    const response = await page.goto(`/products?${query}`);
    expect(response?.status(), query).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
});
