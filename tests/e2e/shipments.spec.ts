import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { randomIp } from "./account-support";
import { placeCashOnDeliveryOrder, productWithStock, signInAsStaff } from "./support";

// A parcel from confirmation to the door, with the worker scripts/e2e.ts runs beside the store and the
// simulated carrier (a step every 15 s): staff confirm a cash-on-delivery order, the worker creates its
// parcel, the label downloads, the parcel is delivered by itself and the shopper sees every event.

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
test.use({ extraHTTPHeaders: async ({}, use) => use({ "x-forwarded-for": randomIp() }) });

test("staff confirm → the worker ships with the simulated carrier → label → delivered → the shopper sees every event", async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const shopper = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { "x-forwarded-for": randomIp() },
  });
  const product = await productWithStock(shopper, 22);
  const variant = product.variants[0];
  if (!variant) throw new Error("no variant");
  expect((await shopper.post("/api/cart/items", { data: { sku: variant.sku, qty: 1 } })).status()).toBe(200);
  const email = `kargo-e2e-${randomBytes(4).toString("hex")}@ornek.com`;
  const orderNo = await placeCashOnDeliveryOrder(shopper, email, "Elif Kaya");

  await signInAsStaff(page, `/admin/orders/${orderNo}`);
  await expect(page.getByRole("heading", { name: `Sipariş ${orderNo}` })).toBeVisible();
  await page.getByTestId("transition-processing").getByRole("button", { name: "Siparişi onayla" }).click();
  await expect(page.getByTestId("order-actions").getByTestId("form-ok")).toContainText("Hazırlanıyor");

  // The worker creates the parcel at the carrier: a tracking number and a label appear.
  const parcel = page.getByTestId("parcel");
  await expect(async () => {
    await page.reload();
    await expect(parcel.getByTestId("label-link")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  const trackingNo = (await parcel.getByTestId("tracking-no").textContent())?.trim() ?? "";
  expect(trackingNo).toMatch(/^\d{12}$/);
  const href = (await parcel.getByTestId("label-link").getAttribute("href")) ?? "";
  const label = await page.request.get(href);
  expect(label.status()).toBe(200);
  expect(label.headers()["content-type"]).toBe("application/pdf");
  expect((await label.body()).subarray(0, 5).toString()).toBe("%PDF-");

  // Nobody touches it: tracking moves the parcel and the order on to delivered.
  await expect
    .poll(
      async () =>
        ((await (await page.request.get(`/api/admin/orders/${orderNo}`)).json()) as { status: string })
          .status,
      { timeout: 180_000, intervals: [5_000] },
    )
    .toBe("delivered");

  await page.goto("/orders/track");
  await page.getByLabel("Sipariş numarası").fill(orderNo);
  await page.getByLabel("E-posta").fill(email);
  await page.getByRole("button", { name: "Sorgula" }).click();
  await expect(page.getByTestId("order-status")).toHaveText("Teslim edildi");
  const shown = page.getByTestId("shipment");
  await expect(shown).toContainText(trackingNo);
  await expect(shown.getByTestId("parcel-status")).toHaveText("Teslim edildi");
  await expect(shown.getByTestId("parcel-events").locator("li")).toHaveText([
    /Gönderi kaydı oluşturuldu/,
    /Kargo gönderici şubeden teslim alındı/,
    /Kargo transfer merkezinde/,
    /Kargo dağıtıma çıktı/,
    /Kargo teslim edildi/,
  ]);

  // The carrier's tracking link (the simulated carrier's is this store's page) shows the same parcel.
  await shown.getByTestId("carrier-page").click();
  await expect(page).toHaveURL(new RegExp(`trackingNo=${trackingNo}$`));
  await expect(page.getByTestId("parcel-tracking").getByTestId("parcel-events").locator("li")).toHaveCount(5);
});
