import { randomBytes } from "node:crypto";
import { type APIRequestContext, expect, type Page } from "@playwright/test";
import { DEMO_STAFF } from "../../lib/demo/staff";

export interface ApiVariant {
  sku: string;
  name: string;
  attributes: Record<string, string>;
  price: number;
  available: number;
}
export interface ApiProduct {
  slug: string;
  name: string;
  variants: ApiVariant[];
}

/** Every active product with its variants, read through the public API. */
export async function allProducts(request: APIRequestContext): Promise<ApiProduct[]> {
  const list = await (await request.get("/api/products?limit=100")).json();
  return Promise.all(
    list.items.map(async (item: { slug: string }) =>
      (await request.get(`/api/products/${item.slug}`)).json(),
    ),
  );
}

const MIN_AVAILABLE = 5;

/**
 * The `pick`-th product with two or more variants of at least five free units each (only those
 * variants are returned). Tests that change stock use different picks, so tests running side by side
 * never share a product.
 */
export async function productWithStock(request: APIRequestContext, pick: number) {
  const products = await allProducts(request);
  const found = products.filter((p) => p.variants.filter((v) => v.available >= MIN_AVAILABLE).length >= 2)[
    pick
  ];
  if (!found) throw new Error(`no product number ${pick} with two well-stocked variants`);
  return { ...found, variants: found.variants.filter((v) => v.available >= MIN_AVAILABLE) };
}

/** One unit of the `pick`-th well-stocked product's first variant, put in the cart from its product page. */
export async function addOneFromProductPage(page: Page, request: APIRequestContext, pick: number) {
  const product = await productWithStock(request, pick);
  const variant = product.variants[0];
  if (!variant) throw new Error("no variant");
  await page.goto(`/products/${product.slug}?sku=${variant.sku}`);
  await page.getByRole("button", { name: "Sepete ekle" }).click();
  await expect(page.getByTestId("mini-cart-count")).toHaveText("1");
  return { product, variant };
}

/**
 * One unit of the `pick`-th product with exactly one well-stocked variant, put in the page's cart; returns
 * that variant. The demo catalogue has 40 products with two well-stocked variants (productWithStock's picks
 * 0–39, all taken), so the specs whose picks were 40 and above take these instead, no spec sharing one:
 * addresses 0–4 (for 40–44), legal 5–9 (for 45–49).
 */
export async function addOneOfSingleVariant(page: Page, pick: number) {
  const products = await allProducts(page.request);
  const product = products.filter((p) => p.variants.filter((v) => v.available >= MIN_AVAILABLE).length === 1)[
    pick
  ];
  const variant = product?.variants.find((v) => v.available >= MIN_AVAILABLE);
  if (!variant) throw new Error(`no product number ${pick} with one well-stocked variant`);
  const added = await page.request.post("/api/cart/items", { data: { sku: variant.sku, qty: 1 } });
  expect(added.status()).toBe(200);
  return variant;
}

/** The checkout page's address fields, filled as a shopper in Istanbul would. */
export async function fillAddress(page: Page) {
  await page.getByLabel("Ad soyad").fill("Ayşe Yılmaz");
  await page.getByLabel("Adres", { exact: true }).fill("Bağdat Caddesi No: 12 D: 4");
  await page.getByLabel("İlçe").fill("Kadıköy");
  await page.getByLabel("İl / şehir").fill("İstanbul");
  await page.getByLabel("Posta kodu").fill("34710");
  await page.getByLabel("Posta kodu").blur();
  await page.getByLabel("Telefon").fill("0555 111 22 33");
}

/** Ticks the checkout's box accepting the pre-information form and the distance sales contract. */
export async function acceptTerms(page: Page) {
  await page
    .getByLabel("Ön bilgilendirme formunu ve mesafeli satış sözleşmesini okudum, kabul ediyorum")
    .check();
}

/** Picks a name from an İl or İlçe box with the keyboard only: select what is there, type the start, ↓ to it, Enter. */
export async function pickWithKeyboard(page: Page, label: string, typed: string, name: string) {
  const box = page.getByRole("combobox", { name: label, exact: true });
  await box.focus();
  await box.press("ControlOrMeta+a");
  await box.pressSequentially(typed);
  await expect(box).toHaveAttribute("aria-expanded", "true");
  const option = page.getByRole("option", { name, exact: true });
  await expect(option).toBeVisible();
  await box.press("ArrowDown");
  while ((await box.getAttribute("aria-activedescendant")) !== (await option.getAttribute("id"))) {
    await box.press("ArrowDown");
  }
  await expect(option).toHaveAttribute("aria-selected", "true");
  await box.press("Enter");
  await expect(box).toHaveValue(name);
  await expect(box).toHaveAttribute("aria-expanded", "false");
}

/** Signs the demo staff member in through the login page and waits for the admin page `next` to open. */
export async function signInAsStaff(page: Page, next: string) {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("E-posta").fill(DEMO_STAFF.email);
  await page.getByLabel("Şifre").fill(DEMO_STAFF.password);
  await page.getByRole("button", { name: "Giriş yap" }).click();
  await expect(page).toHaveURL((url) => decodeURIComponent(url.pathname) === next);
}

/** On a return's admin page: staff approve it, receive it (back to stock) and refund it, each step seen. */
export async function refundReturn(page: Page) {
  const actions = page.getByTestId("return-actions");
  for (const [button, status] of [
    ["Onayla", "Onaylandı"],
    ["Ürünler geldi", "Ürünler teslim alındı"],
    ["Ödemeyi iade et", "Ödeme iade edildi"],
  ] as const) {
    await actions.getByRole("button", { name: button }).click();
    await expect(page.getByTestId("return-status")).toContainText(status);
  }
}

/** Places a cash-on-delivery order of the cart through the API (terms accepted), to Ankara; its number. */
export async function placeCashOnDeliveryOrder(request: APIRequestContext, email: string, name: string) {
  const placed = await request.post("/api/checkout", {
    headers: { "Idempotency-Key": `e2e-cod-${randomBytes(8).toString("hex")}` },
    data: {
      email,
      shippingAddress: {
        name,
        line1: "Atatürk Bulvarı No: 21",
        district: "Çankaya",
        city: "Ankara",
        postalCode: "06420",
        country: "TR",
        phone: "+905551112233",
      },
      shippingMethod: "standard",
      paymentMethod: "cash_on_delivery",
      acceptedTerms: true,
    },
  });
  expect(placed.status(), await placed.text()).toBe(201);
  return (await placed.json()).order.orderNo as string;
}
