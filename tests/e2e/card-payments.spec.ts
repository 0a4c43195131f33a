import { type Browser, expect, type Page, test } from "@playwright/test";
import { randomIp } from "./account-support";
import { acceptTerms, fillAddress, productWithStock, signInAsStaff } from "./support";

// Card payments in the browser, through the fake iyzico and PayTR servers `npm run test:e2e` starts as the
// store's providers (scripts/e2e.ts): iyzico's hosted page with 3-D Secure and installments, a declined
// card told apart and retried, PayTR's page inside the order page's iframe, and a refund made in /admin
// reaching the provider. The active provider is a store setting, so these run one after the other.
test.describe.configure({ mode: "serial" });

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
test.use({ extraHTTPHeaders: async ({}, use) => use({ "x-forwarded-for": randomIp() }) });

const IYZICO = process.env.E2E_IYZICO_URL ?? "";
const PAYTR = process.env.E2E_PAYTR_URL ?? "";

/** Adds a product to the cart and places a card order at checkout; returns on the provider's step. */
async function orderByCard(page: Page, pick: number, { bin }: { bin?: string } = {}) {
  const product = await productWithStock(page.request, pick);
  const variant = product.variants[0];
  if (!variant) throw new Error("no variant");
  await page.goto(`/products/${product.slug}?sku=${variant.sku}`);
  await page.getByRole("button", { name: "Sepete ekle" }).click();
  await expect(page.getByTestId("mini-cart-count")).toHaveText("1");
  await page.goto("/checkout");
  await page.getByLabel("E-posta").fill(`kart-${Date.now()}@ornek.com`);
  await fillAddress(page);
  await expect(page.getByText("Yurtiçi Kargo").first()).toBeVisible();
  await page.getByLabel("Kredi / banka kartı").check();
  if (bin) {
    await page.getByLabel("Kart numarasının ilk 6 hanesi").fill(bin);
    await page.getByRole("radio", { name: /^3 taksit/ }).check();
  }
  await acceptTerms(page);
  await page.getByRole("button", { name: "Siparişi ver" }).click();
}

/** The card form of the fake providers' pages (iyzico's page, PayTR's iframe). */
async function enterCard(scope: Page | ReturnType<Page["frameLocator"]>, card: string) {
  await scope.getByLabel("Kart numarası").fill(card);
  await scope.getByLabel("Kart üzerindeki isim").fill("AYSE YILMAZ");
  await scope.getByLabel("Son kullanma tarihi").fill("12/30");
  await scope.getByLabel("CVC").fill("000");
}

const orderNoOf = async (page: Page) =>
  (await page.getByTestId("order-no").textContent())?.match(/SF-\d{4}-\d{6}/)?.[0] ?? "";

async function setCardProvider(browser: Browser, baseURL: string, provider: "iyzico" | "PayTR") {
  const staff = await browser.newPage({ baseURL });
  await signInAsStaff(staff, "/admin/payments");
  await staff
    .getByTestId("payment-settings")
    .getByRole("radio", { name: new RegExp(`^${provider}`) })
    .check();
  await staff.getByRole("button", { name: "Kaydet" }).click();
  await expect(staff.getByTestId("form-ok")).toHaveText("Ödeme ayarları kaydedildi.");
  await staff.reload();
  await expect(staff.getByTestId("active-provider")).toContainText(provider);
  return staff;
}

test("a shopper pays in 3 installments on iyzico's page (3-D Secure) and staff refund it at iyzico", async ({
  page,
  browser,
  baseURL,
}) => {
  await orderByCard(page, 13, { bin: "552879" });
  // iyzico's hosted page, as the Checkout Form's paymentPageUrl.
  await expect(page).toHaveURL(new RegExp(`^${IYZICO}/checkout`));
  await enterCard(page, "5528790000000008");
  await page.getByRole("button", { name: "Öde" }).click();
  await page.getByRole("radio", { name: /^3 taksit/ }).check();
  await page.getByRole("button", { name: "Devam" }).click();
  await page.getByRole("button", { name: "Onayla" }).click();
  // iyzico posts the token back to the store, which reads the result and shows the order.
  await expect(page).toHaveURL(/\/orders\/SF-\d{4}-\d{6}/);
  await expect(page.getByTestId("order-status")).toHaveText("Ödendi");
  await expect(page.getByTestId("paid-installments")).toContainText("3 taksitle ödendi");
  const orderNo = await orderNoOf(page);
  const total = ((await page.getByTestId("order-total").textContent()) ?? "").replace(/[^\d.,]/g, "");

  const staff = await browser.newPage({ baseURL });
  await signInAsStaff(staff, `/admin/orders/${orderNo}`);
  await expect(staff.getByRole("heading", { name: `Sipariş ${orderNo}` })).toBeVisible();
  const cancelsBefore = (await (await staff.request.get(`${IYZICO}/_fake/cancels`)).json()).length;
  const refund = staff.getByTestId("refund-form");
  await refund.getByLabel("Gerekçe").fill("Müşteri vazgeçti");
  await refund.getByLabel(/^Tutar/).fill(total);
  await refund.getByRole("button", { name: "İade et" }).click();
  // The whole amount went back: the form gives way, the refund shows as made through the provider.
  await expect(staff.getByTestId("order-refunds")).toContainText("Ödeme sağlayıcısı üzerinden iade edildi");
  // A whole refund on the day of the payment is a cancel at iyzico.
  expect((await (await staff.request.get(`${IYZICO}/_fake/cancels`)).json()).length).toBe(cancelsBefore + 1);
  await staff.close();
});

test("a declined card is told apart on the order page, and the retry pays", async ({ page }) => {
  await orderByCard(page, 14);
  await expect(page).toHaveURL(new RegExp(`^${IYZICO}/checkout`));
  await enterCard(page, "4111111111111129");
  await page.getByRole("button", { name: "Öde" }).click();
  const installments = page.getByRole("button", { name: "Devam" });
  if (await installments.isVisible()) await installments.click();
  await page.getByRole("button", { name: "Onayla" }).click();
  await expect(page).toHaveURL(/\/orders\/SF-\d{4}-\d{6}/);
  await expect(page.getByTestId("order-status")).toHaveText("Ödeme başarısız");
  await expect(page.getByTestId("payment-failure")).toHaveText(
    "Ödemeniz alınamadı: kartınızın bakiyesi veya limiti yetersiz.",
  );
  // A click while the returned page is still hydrating can be lost (the form's plain POST is cancelled
  // when the app takes over); wait until it is interactive, as a shopper reading the reason would.
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: "Ödemeyi yeniden dene" }).click();
  await expect(page).toHaveURL(new RegExp(`^${IYZICO}/checkout`));
  await enterCard(page, "5890040000000016");
  await page.getByRole("button", { name: "Öde" }).click();
  await page.getByRole("button", { name: "Onayla" }).click();
  await expect(page.getByTestId("order-status")).toHaveText("Ödendi");
});

test("with PayTR chosen in /admin/payments, the shopper pays in PayTR's iframe on the order page", async ({
  page,
  browser,
  baseURL,
}) => {
  const staff = await setCardProvider(browser, baseURL ?? "", "PayTR");
  try {
    await orderByCard(page, 15);
    await expect(page).toHaveURL(/\/orders\/SF-\d{4}-\d{6}$/);
    await expect(page.getByTestId("order-status")).toHaveText("Ödeme bekleniyor");
    const frame = page.frameLocator('iframe[title="PayTR güvenli ödeme sayfası"]');
    await enterCard(frame, "4355084355084358");
    await frame.getByRole("button", { name: "Ödeme yap" }).click();
    // PayTR notifies the store, then sends the whole window back to the order page.
    await expect(page).toHaveURL(/\/orders\/SF-\d{4}-\d{6}\?payment=return$/);
    await expect(page.getByTestId("order-status")).toHaveText("Ödendi");
    const tokens = await (await page.request.get(`${PAYTR}/_fake/tokens`)).json();
    expect(tokens.length).toBeGreaterThan(0);
  } finally {
    await staff.goto("/admin/payments");
    await staff
      .getByTestId("payment-settings")
      .getByRole("radio", { name: /^iyzico/ })
      .check();
    await staff.getByRole("button", { name: "Kaydet" }).click();
    await expect(staff.getByTestId("form-ok")).toHaveText("Ödeme ayarları kaydedildi.");
    await staff.close();
  }
});
