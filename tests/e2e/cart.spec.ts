import { expect, test } from "@playwright/test";
import { productWithStock } from "./support";

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
