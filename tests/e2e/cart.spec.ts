import { expect, test } from "@playwright/test";
import { addOneFromProductPage, productWithStock } from "./support";

test("a shopper adds two variants, changes a quantity, sees the hold, removes one, and it all persists", async ({
  page,
  request,
}) => {
  const product = await productWithStock(request, 0);
  const [first, second] = product.variants;
  if (!first || !second) throw new Error("need two variants");

  await page.goto(`/products/${product.slug}?sku=${first.sku}`);
  await expect(page.getByTestId("sku")).toHaveText(first.sku);
  await page.getByRole("button", { name: "Sepete ekle" }).click();
  await expect(page.getByTestId("add-to-cart-status")).toHaveText("Sepete eklendi");
  await expect(page.getByTestId("mini-cart-count")).toHaveText("1");

  await page.goto(`/products/${product.slug}?sku=${second.sku}`);
  await expect(page.getByTestId("sku")).toHaveText(second.sku);
  await page.getByRole("button", { name: "Sepete ekle" }).click();
  await expect(page.getByTestId("mini-cart-count")).toHaveText("2");

  await page.getByRole("link", { name: /Sepet, 2 ürün/ }).click();
  await expect(page.getByTestId("cart-line")).toHaveCount(2);
  await expect(page.getByTestId("reservation-countdown")).toContainText(
    /Ürünleriniz 1[45]:\d\d boyunca ayrıldı/,
  );

  const firstLine = page.locator(`[data-testid="cart-line"][data-sku="${first.sku}"]`);
  await firstLine.getByRole("button", { name: /adedini artır/ }).click();
  await expect(firstLine.getByTestId("line-qty")).toHaveText("2");
  await expect(firstLine.getByTestId("line-total")).toContainText("₺");

  const secondLine = page.locator(`[data-testid="cart-line"][data-sku="${second.sku}"]`);
  await secondLine.getByRole("button", { name: "Kaldır" }).click();
  await expect(page.getByTestId("cart-line")).toHaveCount(1);
  // The lines change at once; the totals say when the store has answered both changes.
  await expect(page.locator("[aria-busy=true]")).toHaveCount(0);

  await page.reload();
  await expect(page.getByTestId("cart-line")).toHaveCount(1);
  await expect(firstLine.getByTestId("line-qty")).toHaveText("2");
  await expect(page.getByTestId("mini-cart-count")).toHaveText("2");

  await firstLine.getByRole("button", { name: "Kaldır" }).click();
  await expect(page.getByTestId("empty-cart")).toBeVisible();
});

test("adding more than the stock says so in words", async ({ page, request }) => {
  const product = await productWithStock(request, 1);
  const variant = product.variants[0];
  if (!variant) throw new Error("no variant");
  await page.goto(`/products/${product.slug}?sku=${variant.sku}`);
  await page.getByLabel("Adet").fill(String(Math.min(99, variant.available + 1)));
  await page.getByRole("button", { name: "Sepete ekle" }).click();
  await expect(page.getByTestId("add-to-cart-status")).toContainText(/Yeterli stok yok|en fazla/);
});

test("the cart count follows a change made in another tab, without reloading", async ({
  context,
  request,
}) => {
  const home = await context.newPage();
  await home.goto("/");
  await expect(home.getByTestId("mini-cart-count")).toHaveText("0");

  const shop = await context.newPage();
  await addOneFromProductPage(shop, request, 16);
  await expect(home.getByTestId("mini-cart-count")).toHaveText("1");

  const cart = await context.newPage();
  await cart.goto("/cart");
  await cart.getByRole("button", { name: "Kaldır" }).click();
  await expect(cart.getByTestId("empty-cart")).toBeVisible();
  await expect(cart.getByTestId("mini-cart-count")).toHaveText("0");
  await expect(shop.getByTestId("mini-cart-count")).toHaveText("0");
  await expect(home.getByTestId("mini-cart-count")).toHaveText("0");
});

test("a quantity the store refuses shows at once, then goes back with the reason", async ({
  page,
  request,
}) => {
  const { product, variant } = await addOneFromProductPage(page, request, 17);
  await page.goto("/cart");
  const line = page.getByTestId("cart-line");
  await expect(line.getByTestId("line-qty")).toHaveText("1");

  // Another shopper (no cookies shared) takes every other unit while this page still offers "+".
  const free = (await (await request.get(`/api/products/${product.slug}/stock`)).json()).variants.find(
    (v: { sku: string }) => v.sku === variant.sku,
  ).available;
  const other = await request.post("/api/cart/items", { data: { sku: variant.sku, qty: free } });
  expect(other.status()).toBe(200);

  // The answer is held back a moment so the optimistic quantity can be seen before the refusal.
  await page.route("**/api/cart/items/*", async (route) => {
    const response = await route.fetch();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await route.fulfill({ response });
  });
  await line.getByRole("button", { name: /adedini artır/ }).click();
  await expect(line.getByTestId("line-qty")).toHaveText("2");
  await expect(line.getByRole("alert")).toContainText(/en fazla 1/);
  await expect(line.getByTestId("line-qty")).toHaveText("1");
  await expect(page.getByTestId("mini-cart-count")).toHaveText("1");
  const held = (await other.json()).items[0];
  await request.delete(`/api/cart/items/${held.id}`);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("add to cart and remove work with plain forms", async ({ page, request }) => {
    const product = await productWithStock(request, 2);
    const variant = product.variants[0];
    if (!variant) throw new Error("no variant");
    await page.goto(`/products/${product.slug}?sku=${variant.sku}`);
    await page.getByRole("button", { name: "Sepete ekle" }).click();
    await expect(page.getByTestId("mini-cart-count")).toHaveText("1");
    await page.goto("/cart");
    await expect(page.getByTestId("cart-line")).toHaveCount(1);
    await page.getByRole("button", { name: "Kaldır" }).click();
    await expect(page.getByTestId("empty-cart")).toBeVisible();
  });
});
