import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { randomIp } from "./account-support";
import { productWithStock, signInAsStaff } from "./support";

// "Gelince haber ver": a guest subscribes on a sold-out variant, staff restock it, and the store sends the
// guest one email (the development mailbox shows it).

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
test.use({ extraHTTPHeaders: async ({}, use) => use({ "x-forwarded-for": randomIp() }) });

test("a guest subscribed to a sold-out variant gets one email when staff restock it", async ({
  page,
  browser,
  request,
}) => {
  const product = await productWithStock(request, 34);
  const variant = product.variants[0];
  if (!variant) throw new Error("no variant");

  // Staff sell the variant out through the admin API (signed in in the browser, whose cookies the page's
  // request context carries).
  await signInAsStaff(page, "/admin/stock-alerts");
  const soldOut = await page.request.put(`/api/admin/inventory/${variant.sku}`, {
    data: { onHand: 0, reason: "e2e: tükendi" },
  });
  expect(soldOut.status(), await soldOut.text()).toBe(200);

  // A guest, in a browser context of their own, asks to be told.
  const guest = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": randomIp() } });
  const shopper = await guest.newPage();
  const email = `stok-${randomBytes(4).toString("hex")}@ornek.com`;
  await shopper.goto(`/products/${product.slug}?sku=${variant.sku}`);
  await expect(shopper.getByTestId("stock-status")).toHaveText("Tükendi");
  const form = shopper.getByTestId("stock-alert-form");
  await form.getByLabel("E-posta").fill(email);
  await form.getByRole("button", { name: "Gelince haber ver" }).click();
  await expect(form.getByTestId("form-ok")).toContainText(variant.sku);
  await guest.close();

  await page.goto("/admin/stock-alerts");
  await expect(page.getByTestId("stock-alerts-table")).toContainText(variant.sku);

  // Staff restock it on the SKU's inventory page.
  await page.goto(`/admin/inventory/${variant.sku}`);
  const stock = page.getByTestId("stock-form");
  await stock.getByLabel("Eldeki adet").fill("12");
  await stock.getByLabel("Gerekçe").fill("Mal kabul");
  await stock.getByRole("button", { name: "Kaydet" }).click();
  await expect(page.getByTestId("stock-levels")).toContainText("12");

  // The worker sends the alert: one email to the guest in the development mailbox.
  await expect(async () => {
    await page.goto("/admin/mailbox");
    await expect(page.getByTestId("mailbox-table").getByRole("row").filter({ hasText: email })).toHaveCount(
      1,
    );
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId("mailbox-table").getByRole("row").filter({ hasText: email })).toContainText(
    "yeniden stokta",
  );
});
