import { expect, type Page, test } from "@playwright/test";
import { randomIp } from "./account-support";
import { acceptTerms, pickWithKeyboard, productWithStock, refundReturn, signInAsStaff } from "./support";

// The whole sale as Turkish law shapes it, in the browser: İstanbul / Kadıköy picked from the address
// selects, the order refused until the contract is accepted, paid by card on iyzico's page (the fake
// `npm run test:e2e` starts), the invoice downloaded, the order delivered, one of its two lines returned
// within the window, and staff approving, receiving and refunding it, the money going back through iyzico
// and the unit back on the shelf.

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
test.use({ extraHTTPHeaders: async ({}, use) => use({ "x-forwarded-for": randomIp() }) });

const IYZICO = process.env.E2E_IYZICO_URL ?? "";

async function availableOf(page: Page, slug: string, sku: string): Promise<number> {
  const product = await (await page.request.get(`/api/products/${slug}`)).json();
  return (
    (product.variants as { sku: string; available: number }[]).find((v) => v.sku === sku)?.available ?? -1
  );
}

async function staffPage(page: Page, next: string): Promise<Page> {
  const staff = await page
    .context()
    .browser()
    ?.newPage({ baseURL: new URL(page.url()).origin });
  if (!staff) throw new Error("no browser");
  await signInAsStaff(staff, next);
  return staff;
}

test("İl/İlçe selects and the accepted contract → paid → invoice → delivered → a return of one line refunded at iyzico", async ({
  page,
}) => {
  test.setTimeout(150_000);
  const product = await productWithStock(page.request, 31);
  const [kept, returned] = product.variants;
  if (!kept || !returned) throw new Error("no variants");
  const before = await availableOf(page, product.slug, returned.sku);
  for (const sku of [kept.sku, returned.sku]) {
    expect((await page.request.post("/api/cart/items", { data: { sku, qty: 1 } })).status()).toBe(200);
  }

  await page.goto("/checkout");
  await page.getByLabel("E-posta").fill(`satis-sonrasi-${Date.now()}@ornek.com`);
  await page.getByLabel("Ad soyad").fill("Ayşe Yılmaz");
  await page.getByLabel("Adres", { exact: true }).fill("Moda Caddesi No: 5");
  await pickWithKeyboard(page, "İl / şehir", "ist", "İstanbul");
  await pickWithKeyboard(page, "İlçe", "kad", "Kadıköy");
  await page.getByLabel("Posta kodu").fill("34710");
  await page.getByLabel("Telefon").fill("0555 111 22 33");
  await page.getByLabel("Kredi / banka kartı").check();
  await expect(page.getByTestId("legal-contract")).toContainText("Kadıköy");

  // Not without the contract.
  await page.getByRole("button", { name: "Siparişi ver" }).click();
  await expect(page.getByTestId("error-acceptedTerms")).toBeVisible();
  await expect(page).toHaveURL(/\/checkout$/);
  await acceptTerms(page);
  await page.getByRole("button", { name: "Siparişi ver" }).click();

  // iyzico's page (3-D Secure).
  await expect(page).toHaveURL(new RegExp(`^${IYZICO}/checkout`));
  await page.getByLabel("Kart numarası").fill("5890040000000016");
  await page.getByLabel("Kart üzerindeki isim").fill("AYSE YILMAZ");
  await page.getByLabel("Son kullanma tarihi").fill("12/30");
  await page.getByLabel("CVC").fill("000");
  await page.getByRole("button", { name: "Öde" }).click();
  const installments = page.getByRole("button", { name: "Devam" });
  if (await installments.isVisible()) await installments.click();
  await page.getByRole("button", { name: "Onayla" }).click();
  await expect(page.getByTestId("order-status")).toHaveText("Ödendi");
  const orderNo = (await page.getByTestId("order-no").textContent())?.match(/SF-\d{4}-\d{6}/)?.[0] ?? "";
  const orderPath = `/orders/${orderNo}`;
  await expect(page.locator("address").first()).toContainText("Kadıköy, İstanbul 34710");
  expect(await availableOf(page, product.slug, returned.sku)).toBe(before - 1);

  // The contract accepted is the one stored with the order.
  await page.getByTestId("order-contract").click();
  await expect(page.getByTestId("accepted-contract")).toContainText("Ayşe Yılmaz");
  await expect(page.getByTestId("accepted-contract")).toContainText(returned.sku);

  // The invoice, issued at payment, downloads from the order page.
  await page.goto(orderPath);
  const invoice = await page.request.get(
    (await page.getByTestId("invoice-link").getAttribute("href")) ?? "/missing",
  );
  expect(invoice.status()).toBe(200);
  expect(invoice.headers()["content-type"]).toBe("application/pdf");
  expect((await invoice.body()).subarray(0, 5).toString()).toBe("%PDF-");

  // Staff send it (typed by hand here) and it is delivered.
  const staff = await staffPage(page, `/admin/orders/${orderNo}`);
  for (const data of [
    { to: "processing" },
    { to: "shipped", carrier: "Aras Kargo", trackingNo: "AR5544332211" },
    { to: "delivered" },
  ]) {
    const moved = await staff.request.post(`/api/admin/orders/${orderNo}/transitions`, { data });
    expect(moved.status(), await moved.text()).toBe(200);
  }

  // The shopper returns one unit of the second line, within the 14 days.
  await page.reload();
  await expect(page.getByTestId("order-status")).toHaveText("Teslim edildi");
  const form = page.getByTestId("return-form");
  await form.locator(`input[name="qty:${returned.sku}"]`).fill("1");
  await form.locator(`select[name="reason:${returned.sku}"]`).selectOption("size_fit");
  await form.getByRole("button", { name: "İade talebini gönder" }).click();
  const made = page.getByTestId("order-returns").locator("article");
  await expect(made).toHaveCount(1);
  const returnNo = ((await made.locator("h3").textContent()) ?? "").replace("İade ", "").trim();
  expect(returnNo).toMatch(/^IAD-\d{4}-\d{6}$/);

  // Staff approve it, receive it (back to stock) and refund it through iyzico.
  const refundsBefore = (await (await page.request.get(`${IYZICO}/_fake/refunds`)).json()).length;
  await staff.goto(`/admin/returns/${returnNo}`);
  await refundReturn(staff);
  const refunds = await (await page.request.get(`${IYZICO}/_fake/refunds`)).json();
  expect(refunds.length).toBe(refundsBefore + 1);
  expect(await availableOf(page, product.slug, returned.sku)).toBe(before);

  // The shopper sees the return refunded, with its credit note beside the invoice.
  await page.reload();
  await expect(page.getByTestId("order-returns").getByTestId("return-status")).toHaveAttribute(
    "data-status",
    "refunded",
  );
  await expect(page.getByTestId("credit-note-link")).toHaveCount(1);
  await staff.close();
});
