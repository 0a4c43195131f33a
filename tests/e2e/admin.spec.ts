import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { DEMO_STAFF } from "../../lib/demo/staff";
import { randomIp } from "./account-support";
import { placeCashOnDeliveryOrder, productWithStock, signInAsStaff } from "./support";

// The staff side of an order, in the browser: a shopper places a cash-on-delivery order, staff sign in,
// find it, confirm it, ship it with a tracking number (which the shopper's tracking page then shows), and
// refund one line back into stock.

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
test.use({ extraHTTPHeaders: async ({}, use) => use({ "x-forwarded-for": randomIp() }) });

test("staff confirm, ship and refund a shopper's cash-on-delivery order", async ({
  page,
  playwright,
  baseURL,
}) => {
  // The shopper, in a context of their own, orders through the API like the checkout page does.
  const shopper = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { "x-forwarded-for": randomIp() },
  });
  const product = await productWithStock(shopper, 11);
  const variant = product.variants[0];
  if (!variant) throw new Error("no variant");
  expect((await shopper.post("/api/cart/items", { data: { sku: variant.sku, qty: 2 } })).status()).toBe(200);
  const email = `admin-e2e-${randomBytes(4).toString("hex")}@ornek.com`;
  const orderNo = await placeCashOnDeliveryOrder(shopper, email, "Zeynep Arslan");

  // Staff sign in through the login page and find the order by the customer's name.
  await signInAsStaff(page, "/admin/orders");
  await page.getByLabel("Ara", { exact: true }).fill("zeynep arslan");
  await page.getByLabel("Durum").selectOption("awaiting_confirmation");
  await page.getByRole("button", { name: "Filtrele" }).click();
  await page.getByRole("link", { name: orderNo }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/orders/${orderNo}$`));
  await expect(page.getByRole("heading", { name: `Sipariş ${orderNo}` })).toBeVisible();
  await expect(page.getByTestId("order-lines")).toContainText(variant.sku);

  // Confirm.
  await page.getByTestId("transition-processing").getByRole("button", { name: "Siparişi onayla" }).click();
  await expect(page.getByTestId("order-actions").getByTestId("form-ok")).toContainText("Hazırlanıyor");
  await expect(page.locator("[data-status]").first()).toHaveText("Hazırlanıyor");

  // Confirming issued the invoice: on the page, and downloadable by staff and by the shopper who ordered.
  await expect(page.getByTestId("order-invoices").getByTestId("invoice-link")).toBeVisible();
  const staffPdf = await page.request.get(`/api/orders/${orderNo}/invoice`);
  expect(staffPdf.headers()["content-type"]).toBe("application/pdf");
  expect((await shopper.get(`/api/orders/${orderNo}/invoice`)).status()).toBe(200);

  // Ship: the tracking number is required.
  const ship = page.getByTestId("transition-shipped");
  await ship.getByRole("button", { name: "Kargoya verildi" }).click();
  await expect(ship.getByTestId("error-trackingNo")).toBeVisible();
  const trackingNo = `YK${Date.now()}`;
  await ship.getByLabel("Kargo firması").fill("Yurtiçi Kargo");
  await ship.getByLabel("Takip numarası").fill(trackingNo);
  await ship.getByRole("button", { name: "Kargoya verildi" }).click();
  await expect(page.getByTestId("order-shipments")).toContainText(trackingNo);
  await expect(page.getByTestId("order-timeline")).toContainText(DEMO_STAFF.name);

  // The shopper's tracking page shows the parcel.
  const tracker = await page.context().browser()?.newPage();
  if (!tracker) throw new Error("no browser");
  await tracker.goto(`${baseURL}/orders/track`);
  await tracker.getByLabel("Sipariş numarası").fill(orderNo);
  await tracker.getByLabel("E-posta").fill(email);
  await tracker.getByRole("button", { name: "Sorgula" }).click();
  await expect(tracker.getByTestId("order-status")).toHaveText("Kargoya verildi");
  await expect(tracker.getByTestId("shipment")).toContainText(trackingNo);
  await tracker.close();

  // Refund one unit of the line back into stock: more units than the line has are refused as typed.
  const stockBefore = (await (await shopper.get(`/api/products/${product.slug}`)).json()).variants.find(
    (v: { sku: string }) => v.sku === variant.sku,
  ).available as number;
  const refund = page.getByTestId("refund-form");
  await refund.getByLabel(`${variant.sku} adedi`).fill("3");
  await expect(refund.getByTestId(`error-qty:${variant.sku}`)).toBeVisible();
  await expect(refund.getByRole("button", { name: "İade et" })).toBeDisabled();
  await refund.getByLabel(`${variant.sku} adedi`).fill("1");
  await refund.getByLabel("Stoğa geri koy").check();
  await refund.getByLabel("Gerekçe").fill("Bir adet beden uymadı");
  await refund.getByRole("button", { name: "İade et" }).click();
  await expect(refund.getByTestId("form-ok")).toContainText("iade edildi");
  await expect(page.getByTestId("order-refunds")).toContainText("Bir adet beden uymadı");
  await expect(page.locator("[data-status]").first()).toHaveText("Kısmen iade edildi");
  await expect(page.getByTestId("order-invoices").getByTestId("credit-note-link")).toBeVisible();

  const stockAfter = (await (await shopper.get(`/api/products/${product.slug}`)).json()).variants.find(
    (v: { sku: string }) => v.sku === variant.sku,
  ).available as number;
  expect(stockAfter).toBe(stockBefore + 1);
  await shopper.dispose();
});

test("staff set stock with a reason and see it in the ledger; below what is reserved is refused", async ({
  page,
  request,
}) => {
  const product = await productWithStock(request, 12);
  const variant = product.variants[0];
  if (!variant) throw new Error("no variant");
  // Hold two units in a shopper's cart.
  expect((await request.post("/api/cart/items", { data: { sku: variant.sku, qty: 2 } })).status()).toBe(200);

  await signInAsStaff(page, `/admin/inventory/${variant.sku}`);
  await expect(page.getByRole("heading", { name: `${variant.sku} stoğu` })).toBeVisible();

  const form = page.getByTestId("stock-form");
  await form.getByLabel("Eldeki adet").fill("1");
  await form.getByLabel("Gerekçe").fill("Sayım");
  await form.getByRole("button", { name: "Kaydet" }).click();
  await expect(form.getByTestId("form-error")).toContainText("ayrılmış");

  await form.getByLabel("Eldeki adet").fill("40");
  await form.getByLabel("Gerekçe").fill("Mal kabul");
  await form.getByRole("button", { name: "Kaydet" }).click();
  await expect(page.getByTestId("stock-levels")).toContainText("40");
  await expect(page.getByTestId("ledger-table")).toContainText(`${DEMO_STAFF.name}: Mal kabul`);
});
