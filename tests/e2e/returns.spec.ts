import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { randomIp } from "./account-support";
import { placeCashOnDeliveryOrder, productWithStock, refundReturn, signInAsStaff } from "./support";

// A return from the order page to the refund: a guest's cash-on-delivery order is delivered (staff ship it
// by hand and mark it delivered through the admin API), the guest asks to return one line on the order page,
// staff approve, receive and refund it in /admin, and the guest sees the return refunded.

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
test.use({ extraHTTPHeaders: async ({}, use) => use({ "x-forwarded-for": randomIp() }) });

test("delivered → the shopper requests a return of one line → staff approve, receive, refund → the shopper sees it refunded", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  // The shopper's browser: the checkout's cookie lets this guest open the order page.
  const shopperContext = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": randomIp() } });
  const shopper = await shopperContext.newPage();
  const product = await productWithStock(shopperContext.request, 30);
  const [first, second] = product.variants;
  if (!first || !second) throw new Error("no variants");
  for (const sku of [first.sku, second.sku]) {
    expect((await shopperContext.request.post("/api/cart/items", { data: { sku, qty: 1 } })).status()).toBe(
      200,
    );
  }
  const orderNo = await placeCashOnDeliveryOrder(
    shopperContext.request,
    `iade-e2e-${randomBytes(4).toString("hex")}@ornek.com`,
    "Deniz Aksoy",
  );

  // Staff: confirm, ship by hand, deliver.
  await signInAsStaff(page, `/admin/orders/${orderNo}`);
  await expect(page.getByRole("heading", { name: `Sipariş ${orderNo}` })).toBeVisible();
  for (const data of [
    { to: "processing" },
    { to: "shipped", carrier: "Aras Kargo", trackingNo: "AR9988776655" },
    { to: "delivered" },
  ]) {
    const moved = await page.request.post(`/api/admin/orders/${orderNo}/transitions`, { data });
    expect(moved.status(), await moved.text()).toBe(200);
  }

  // The shopper asks to return one unit of the first line, with an IBAN for the money.
  await shopper.goto(`/orders/${orderNo}`);
  await expect(shopper.getByTestId("order-status")).toHaveText("Teslim edildi");
  const form = shopper.getByTestId("return-form");
  await expect(form).toBeVisible();
  await form.getByLabel("İade adedi").first().fill("1");
  await form.getByLabel("İade nedeni").first().selectOption("size_fit");
  await form.getByLabel("İade yapılacak IBAN").fill("TR33 0006 1005 1978 6457 8413 26");
  await form.getByRole("button", { name: "İade talebini gönder" }).click();
  const made = shopper.getByTestId("order-returns").locator("article");
  await expect(made).toHaveCount(1);
  await expect(made.getByTestId("return-status")).toHaveAttribute("data-status", "requested");
  await expect(made).toContainText("Beden ya da ölçü uymadı");
  await expect(made.getByTestId("return-shipping")).toContainText("Çarşı");
  const returnNo = ((await made.locator("h3").textContent()) ?? "").replace("İade ", "").trim();
  expect(returnNo).toMatch(/^IAD-\d{4}-\d{6}$/);

  // Staff find it in /admin/returns and take it through its steps.
  await page.goto("/admin/returns");
  await page.getByRole("link", { name: returnNo }).click();
  await expect(page.getByTestId("return-title")).toHaveText(`İade ${returnNo}`);
  await refundReturn(page);
  await expect(page.getByTestId("return-refund")).toContainText("TR330006100519786457841326");

  // The admin order page links the return; the shopper sees it refunded.
  await page.goto(`/admin/orders/${orderNo}`);
  await expect(page.getByTestId("order-returns").getByRole("link", { name: returnNo })).toBeVisible();
  await shopper.reload();
  await expect(shopper.getByTestId("order-returns").getByTestId("return-status")).toHaveAttribute(
    "data-status",
    "refunded",
  );
  await expect(shopper.getByTestId("return-refund")).toContainText("İade edilen tutar");
  await shopperContext.close();
});
