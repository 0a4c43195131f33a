import { expect, test } from "@playwright/test";
import { randomIp, registerViaApi, uniqueEmail } from "./account-support";
import { acceptTerms, addOneFromProductPage, fillAddress, productWithStock } from "./support";

for (const [method, label, pick] of [
  ["cash_on_delivery", "Kapıda ödeme", 8],
  ["bank_transfer", "Havale / EFT", 9],
] as const) {
  test(`a guest checks out with ${method}, sees the confirmation and tracks the order`, async ({
    page,
    request,
  }) => {
    await addOneFromProductPage(page, request, pick);
    await page.goto("/cart");
    await page.getByRole("link", { name: "Ödemeye geç" }).click();
    await expect(page).toHaveURL(/\/checkout$/);
    await expect(page.getByTestId("reservation-countdown")).toBeVisible();

    const email = `misafir-${method}-${Date.now()}@ornek.com`;
    await page.getByLabel("E-posta").fill(email);
    await fillAddress(page);
    await expect(page.getByText("Yurtiçi Kargo").first()).toBeVisible();
    await page.getByLabel(label).check();
    if (method === "cash_on_delivery") await expect(page.getByTestId("fee-cash_on_delivery")).toBeVisible();
    await acceptTerms(page);
    await page.getByRole("button", { name: "Siparişi ver" }).click();

    await expect(page).toHaveURL(/\/orders\/SF-\d{4}-\d{6}$/);
    const orderNo = (await page.getByTestId("order-no").textContent())?.match(/SF-\d{4}-\d{6}/)?.[0] ?? "";
    expect(orderNo).not.toBe("");
    await expect(page.getByTestId("order-status")).toHaveText("Onay bekleniyor");
    if (method === "bank_transfer")
      await expect(page.getByTestId("payment-instructions")).toContainText("IBAN");
    await expect(page.getByTestId("mini-cart-count")).toHaveText("0");

    await page.goto("/orders/track");
    await page.getByLabel("Sipariş numarası").fill(orderNo);
    await page.getByLabel("E-posta").fill(email.toUpperCase());
    await page.getByRole("button", { name: "Sorgula" }).click();
    await expect(page.getByTestId("order-status")).toHaveText("Onay bekleniyor");

    await page.getByLabel("E-posta").fill("baskasi@ornek.com");
    await page.getByRole("button", { name: "Sorgula" }).click();
    await expect(page.getByTestId("track-problem")).toHaveText("Bu bilgilerle bir sipariş bulunamadı.");
  });
}

test("a refused checkout shows each message at its input in Turkish and keeps what was typed", async ({
  page,
  request,
}) => {
  await addOneFromProductPage(page, request, 20);
  await page.goto("/checkout");
  await page.getByLabel("E-posta").fill("eksik-adres@ornek.com");
  await fillAddress(page);
  await page.getByLabel("Posta kodu").fill("ABCDE");
  await page.getByLabel("Kapıda ödeme").check();
  await acceptTerms(page);
  await page.getByRole("button", { name: "Siparişi ver" }).click();

  await expect(page.getByTestId("error-shipping.postalCode")).toHaveText(
    "Posta kodu 5 haneli olmalı ve il kodu (01–81) ile başlamalı.",
  );
  await expect(page.getByTestId("form-error")).toHaveText("Lütfen işaretli alanları düzeltin.");
  await expect(page.getByLabel("Ad soyad")).toHaveValue("Ayşe Yılmaz");
  await expect(page.getByLabel("İlçe")).toHaveValue("Kadıköy");
  await expect(page.getByLabel("Kapıda ödeme")).toBeChecked();

  await page.getByLabel("Posta kodu").fill("34710");
  await page.getByLabel("Posta kodu").blur();
  await expect(page.getByTestId("fee-cash_on_delivery")).toBeVisible();
  await page.getByRole("button", { name: "Siparişi ver" }).click();
  await expect(page).toHaveURL(/\/orders\/SF-\d{4}-\d{6}$/);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a guest places a cash-on-delivery order with the plain form", async ({ page, request }) => {
    const product = await productWithStock(request, 21);
    await page.request.post("/api/cart/items", { data: { sku: product.variants[0]?.sku, qty: 1 } });
    await page.request.put("/api/cart/shipping", { data: { country: "TR", postalCode: "34710" } });
    await page.goto("/checkout");
    await page.getByLabel("E-posta").fill("betiksiz@ornek.com");
    await fillAddress(page);
    await page.getByLabel("Kapıda ödeme").check();
    await acceptTerms(page);
    await page.getByRole("button", { name: "Siparişi ver" }).click();

    await expect(page).toHaveURL(/\/orders\/SF-\d{4}-\d{6}$/);
    await expect(page.getByTestId("order-status")).toHaveText("Onay bekleniyor");
  });
});

test.describe("checkout API", () => {
  const body = {
    email: "api@ornek.com",
    shippingAddress: {
      name: "Mehmet Demir",
      line1: "Atatürk Bulvarı 1",
      district: "Çankaya",
      city: "Ankara",
      postalCode: "06100",
      country: "TR",
      phone: "+905321112233",
    },
    shippingMethod: "standard",
    paymentMethod: "cash_on_delivery",
    acceptedTerms: true,
  };

  test("requires an Idempotency-Key, replays the same answer, refuses the key with another body", async ({
    request,
  }) => {
    const product = await productWithStock(request, 10);
    const sku = product.variants[0]?.sku ?? "";
    await request.post("/api/cart/items", { data: { sku, qty: 1 } });
    const missing = await request.post("/api/checkout", { data: body });
    expect(missing.status()).toBe(400);
    expect((await missing.json()).error.details.fields).toHaveProperty("Idempotency-Key");

    const key = `test-${Date.now()}-abcdef`;
    const first = await request.post("/api/checkout", { data: body, headers: { "Idempotency-Key": key } });
    expect(first.status()).toBe(201);
    const placed = await first.json();
    expect(placed.order.orderNo).toMatch(/^SF-\d{4}-\d{6}$/);
    expect(placed.order.status).toBe("awaiting_confirmation");
    expect(placed.payment).toMatchObject({ provider: "manual", method: "cash_on_delivery" });

    const again = await request.post("/api/checkout", { data: body, headers: { "Idempotency-Key": key } });
    expect(again.status()).toBe(201);
    expect((await again.json()).order.orderNo).toBe(placed.order.orderNo);

    const other = await request.post("/api/checkout", {
      data: { ...body, email: "baska@ornek.com" },
      headers: { "Idempotency-Key": key },
    });
    expect(other.status()).toBe(422);
    expect((await other.json()).error.code).toBe("IDEMPOTENCY_KEY_REUSED");

    const tracked = await request.get(`/api/orders/track/${placed.order.orderNo}?email=API@ornek.com`);
    expect(tracked.status()).toBe(200);
    const tracking = await tracked.json();
    expect(Object.keys(tracking).sort()).toEqual(
      ["currency", "items", "orderNo", "placedAt", "shipments", "status", "timeline", "totals"].sort(),
    );
    expect(JSON.stringify(tracking)).not.toContain("Atatürk");
    const wrong = await request.get(`/api/orders/track/${placed.order.orderNo}?email=x@ornek.com`);
    const unknown = await request.get("/api/orders/track/SF-2000-000001?email=api@ornek.com");
    expect(wrong.status()).toBe(404);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  test("empty cart → 409 CART_EMPTY; 24 installments → 400; bad address → 400; price changed → 409", async ({
    request,
  }) => {
    const empty = await request.post("/api/checkout", {
      data: body,
      headers: { "Idempotency-Key": `e-${Date.now()}-x` },
    });
    expect(empty.status()).toBe(409);
    expect((await empty.json()).error.code).toBe("CART_EMPTY");

    const product = await productWithStock(request, 11);
    await request.post("/api/cart/items", { data: { sku: product.variants[0]?.sku, qty: 1 } });
    const card = await request.post("/api/checkout", {
      data: { ...body, paymentMethod: "card", installments: 24 },
      headers: { "Idempotency-Key": `c-${Date.now()}-x` },
    });
    expect(card.status()).toBe(400);
    expect(Object.keys((await card.json()).error.details.fields)).toEqual(["installments"]);
    const badAddress = await request.post("/api/checkout", {
      data: { ...body, shippingAddress: { ...body.shippingAddress, postalCode: "ABCDE", city: "" } },
      headers: { "Idempotency-Key": `a-${Date.now()}-x` },
    });
    expect(badAddress.status()).toBe(400);
    expect(Object.keys((await badAddress.json()).error.details.fields)).toEqual(
      expect.arrayContaining(["shippingAddress.postalCode", "shippingAddress.city"]),
    );
    const changed = await request.post("/api/checkout", {
      data: { ...body, expectedTotal: 1 },
      headers: { "Idempotency-Key": `p-${Date.now()}-x` },
    });
    expect(changed.status()).toBe(409);
    const error = (await changed.json()).error;
    expect(error.code).toBe("PRICE_CHANGED");
    expect(error.details.totals.total).toBeGreaterThan(1);
    const cart = await (await request.get("/api/cart")).json();
    expect(cart.items).toHaveLength(1);
  });
});

test.describe("signed in", () => {
  // Registration is limited per IP; every browser here is 127.0.0.1, so this file presents its own.
  test.use({ extraHTTPHeaders: { "x-forwarded-for": randomIp() } });

  test("a signed-in shopper sees the order in the account history", async ({ page }) => {
    const email = uniqueEmail("gecmis");
    await registerViaApi(page.request, email);
    const product = await productWithStock(page.request, 12);
    await page.request.post("/api/cart/items", { data: { sku: product.variants[0]?.sku, qty: 1 } });
    const placed = await page.request.post("/api/checkout", {
      data: {
        email,
        shippingAddress: {
          name: "Zeynep Kaya",
          line1: "Cumhuriyet Cad. 5",
          district: "Konak",
          city: "İzmir",
          postalCode: "35210",
          country: "TR",
          phone: "05321234567",
        },
        shippingMethod: "standard",
        paymentMethod: "bank_transfer",
        acceptedTerms: true,
      },
      headers: { "Idempotency-Key": `history-${Date.now()}` },
    });
    expect(placed.status()).toBe(201);
    const { order } = await placed.json();
    await page.goto("/account");
    await expect(page.getByTestId("order-history")).toContainText(order.orderNo);
    await page.getByRole("link", { name: order.orderNo }).click();
    await expect(page.getByTestId("order-no")).toContainText(order.orderNo);
  });
});
