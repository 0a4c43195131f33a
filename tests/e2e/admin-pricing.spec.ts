import { randomBytes } from "node:crypto";
import { type Browser, expect, test } from "@playwright/test";
import { randomIp } from "./account-support";
import { productWithStock, signInAsStaff } from "./support";

// Prices set by staff reach the shopper at once: a discount code created in /admin/coupons is applied in
// the cart, and a shipping rate changed in /admin/shipping is the cart's next shipping quote.

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
test.use({ extraHTTPHeaders: async ({}, use) => use({ "x-forwarded-for": randomIp() }) });

/** A shopper in a browser context of their own, with one unit of a well-stocked product in the cart. */
async function shopperWithCart(browser: Browser, baseURL: string | undefined, pick: number) {
  const context = await browser.newContext({
    baseURL,
    locale: "tr-TR",
    extraHTTPHeaders: { "x-forwarded-for": randomIp() },
  });
  const page = await context.newPage();
  const product = await productWithStock(page.request, pick);
  const variant = product.variants[0];
  if (!variant) throw new Error("no variant");
  // Added through the API like the product page does; the cart cookie is the browser context's.
  expect((await page.request.post("/api/cart/items", { data: { sku: variant.sku, qty: 1 } })).status()).toBe(
    200,
  );
  await page.goto("/cart");
  return { context, page, variant };
}

test("staff create a discount code and a shopper gets its discount in the cart", async ({
  page,
  browser,
  baseURL,
}) => {
  const code = `E2E${randomBytes(3).toString("hex").toUpperCase()}`;
  await signInAsStaff(page, "/admin/coupons");
  await page.getByText("Yeni indirim kodu").click();
  const form = page.getByTestId("coupon-form");
  await form.getByLabel("Kod", { exact: true }).fill(code.toLowerCase());
  await form.getByLabel("Tür").selectOption("percent");
  // Refused first (out of range), with the message next to the box; then created.
  await form.getByLabel("Yüzde (1–100)").fill("150");
  await form.getByRole("button", { name: "Kodu oluştur" }).click();
  await expect(page.getByTestId("coupon-form").getByTestId("error-percent")).toBeVisible();
  await page.getByTestId("coupon-form").getByLabel("Yüzde (1–100)").fill("15");
  await page.getByTestId("coupon-form").getByRole("button", { name: "Kodu oluştur" }).click();
  await expect(page.getByTestId("coupon-form")).toContainText(`${code} kodu oluşturuldu.`);
  await expect(page.getByTestId("coupons-table")).toContainText(code);

  const shopper = await shopperWithCart(browser, baseURL, 13);
  await shopper.page.getByLabel("İndirim kodu").fill(code.toLowerCase());
  await shopper.page.getByRole("button", { name: "Uygula" }).click();
  await expect(shopper.page.getByTestId("applied-coupon")).toContainText(code);
  const cart = await (await shopper.page.request.get("/api/cart")).json();
  expect(cart.totals.subtotal).toBe(shopper.variant.price);
  expect(cart.totals.discount).toBe(Math.round((shopper.variant.price * 15) / 100));
  const shown = new Intl.NumberFormat("tr-TR", { style: "currency", currency: "TRY" }).format(
    cart.totals.discount / 100,
  );
  await expect(shopper.page.getByTestId("discount")).toHaveText(`−${shown}`);

  // The staff page of the code shows the terms and its usage; saving keeps both.
  await page.getByRole("link", { name: new RegExp(`^${code}`) }).click();
  await expect(page.getByTestId("coupon-usage")).toContainText("0 / sınırsız");
  await expect(page.getByTestId("coupon-form").getByLabel("Yüzde (1–100)")).toHaveValue("15");
  await shopper.context.close();
});

test("staff change a shipping rate and the cart's shipping quote shows the new price", async ({
  page,
  browser,
  baseURL,
}) => {
  // Bursa (16xxx) is in the Marmara zone, which no other end-to-end test prices.
  const shopper = await shopperWithCart(browser, baseURL, 14);
  await shopper.page.getByLabel("Ülke").selectOption("TR");
  await shopper.page.getByLabel("Posta kodu").fill("16000");
  await shopper.page.getByRole("button", { name: "Hesapla" }).click();
  await expect(shopper.page.getByTestId("shipping")).not.toHaveText("Adres girince hesaplanır");
  await expect(shopper.page.getByTestId("shipping")).not.toContainText("12,34");

  await signInAsStaff(page, "/admin/shipping");
  await page.getByRole("link", { name: /^Marmara/ }).click();
  const standard = page.getByTestId("method-form-standard");
  // A negative price is refused where it was typed, and nothing is saved.
  await standard.getByLabel("1. satır: ücret").fill("-1");
  await standard.getByRole("button", { name: "Yöntemi kaydet" }).click();
  await expect(page.getByTestId("method-form-standard").getByTestId("error-rate.0")).toBeVisible();
  // Every bracket at 12,34 TL, so the parcel's weight does not matter and standard is the cheapest.
  const form = page.getByTestId("method-form-standard");
  for (let row = 1; row <= 5; row++) await form.getByLabel(`${row}. satır: ücret`).fill("12,34");
  await form.getByLabel(/Ücretsiz kargo eşiği/).fill("");
  await form.getByRole("button", { name: "Yöntemi kaydet" }).click();
  await expect(page.getByTestId("method-form-standard").getByTestId("form-ok")).toContainText("kaydedildi");

  await shopper.page.reload();
  await expect(shopper.page.getByTestId("shipping")).toContainText("12,34");
  const rates = await (
    await shopper.page.request.get("/api/shipping/rates?country=TR&postalCode=16000")
  ).json();
  expect(rates.options.find((o: { id: string }) => o.id === "standard")?.price).toBe(1234);
  await shopper.context.close();
});
