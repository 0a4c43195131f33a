import { expect, test } from "@playwright/test";
import { addOneFromProductPage, productWithStock } from "./support";

test("a shopper applies HOSGELDIN10, estimates shipping for a postal code and sees KDV", async ({
  page,
  request,
}) => {
  await addOneFromProductPage(page, request, 6);
  await page.goto("/cart");

  await expect(page.getByTestId("shipping")).toHaveText("Adres girince hesaplanır");
  await expect(page.locator('[data-testid^="tax-"]').first()).toBeVisible();

  await page.getByLabel("İndirim kodu").fill("hosgeldin10");
  await page.getByRole("button", { name: "Uygula" }).click();
  await expect(page.getByTestId("applied-coupon")).toContainText("HOSGELDIN10");
  await expect(page.getByTestId("discount")).toContainText("₺");

  await page.getByLabel("Ülke").selectOption("TR");
  await page.getByLabel("Posta kodu").fill("34710");
  await page.getByRole("button", { name: "Hesapla" }).click();
  await expect(page.getByTestId("shipping")).not.toHaveText("Adres girince hesaplanır");
  await expect(page.getByText(/Aynı gün teslimat/)).toBeVisible();

  await page.getByLabel("İndirim kodu").fill("YOKBOYLEKOD");
  await page.getByRole("button", { name: "Uygula" }).click();
  await expect(page.getByTestId("coupon-error")).toHaveText("Bu indirim kodu geçerli değil.");

  await page.getByLabel("Posta kodu").fill("ABCDE");
  await page.getByRole("button", { name: "Hesapla" }).click();
  await expect(page.getByTestId("estimate-error")).toBeVisible();
});

test("on a slow connection, a code typed before the cart page is interactive is kept, applied and stays shown", async ({
  page,
}) => {
  const product = await productWithStock(page.request, 28);
  const variant = product.variants[0];
  if (!variant) throw new Error("no variant");
  expect((await page.request.post("/api/cart/items", { data: { sku: variant.sku, qty: 1 } })).status()).toBe(
    200,
  );
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  // Every script arrives 1.5 s late: the page hydrates in a later second than the server drew its
  // countdown, and the cart's query layer (loaded after paint) arrives after the code's answer.
  await page.route(/\/_next\/static\/chunks\//, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await page.goto("/cart", { waitUntil: "commit" });
  const input = page.getByLabel("İndirim kodu");
  await input.fill("hosgeldin10");
  // Hydrated: React has attached its props to the input.
  await expect
    .poll(() =>
      input.evaluate((element) => Object.keys(element).some((key) => key.startsWith("__reactProps"))),
    )
    .toBe(true);
  await expect(input).toHaveValue("hosgeldin10");
  await page.getByRole("button", { name: "Uygula" }).click();
  await expect(page.getByTestId("applied-coupon")).toContainText("HOSGELDIN10");
  // Once every late script is in (the query layer too), the cart still shows the store's answer.
  await page.waitForLoadState("networkidle");
  await expect(page.getByTestId("applied-coupon")).toContainText("HOSGELDIN10");
  expect(errors).toEqual([]);
});

test.describe("pricing API", () => {
  test("gift wrap goes on and off through PUT /api/cart/gift-wrap, with its fee in the totals", async ({
    request,
  }) => {
    const product = await productWithStock(request, 18);
    const variant = product.variants[0];
    if (!variant) throw new Error("no variant");
    await request.post("/api/cart/items", { data: { sku: variant.sku, qty: 1 } });
    const on = await request.put("/api/cart/gift-wrap", { data: { giftWrap: true } });
    expect(on.status()).toBe(200);
    const wrapped = await on.json();
    expect(wrapped.giftWrap).toBe(true);
    expect(wrapped.totals.feeLines).toEqual([{ kind: "gift_wrap", amount: 4990 }]);
    const bad = await request.put("/api/cart/gift-wrap", { data: { giftWrap: "yes" } });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.code).toBe("VALIDATION_FAILED");
    const off = await (await request.put("/api/cart/gift-wrap", { data: { giftWrap: false } })).json();
    expect(off.giftWrap).toBe(false);
    expect(off.totals.total).toBe(wrapped.totals.total - 4990);
    await request.delete(`/api/cart/items/${off.items[0].id}`);
  });

  test("GET /api/checkout/preview prices the cart for what the shopper has typed so far", async ({
    request,
  }) => {
    const empty = await (await request.get("/api/checkout/preview?country=TR&postalCode=34710")).json();
    expect(empty).toEqual({ options: [], totals: null, coupons: [], problem: null });

    const product = await productWithStock(request, 19);
    const variant = product.variants[0];
    if (!variant) throw new Error("no variant");
    await request.post("/api/cart/items", { data: { sku: variant.sku, qty: 1 } });
    const query = "country=TR&postalCode=34710&shippingMethod=standard";
    const card = await (await request.get(`/api/checkout/preview?${query}&paymentMethod=card`)).json();
    const cod = await (
      await request.get(`/api/checkout/preview?${query}&paymentMethod=cash_on_delivery`)
    ).json();
    expect(card.options.map((o: { id: string }) => o.id)).toContain("same_day");
    expect(cod.totals.fees - card.totals.fees).toBe(2990);
    expect(cod.totals.total - card.totals.total).toBe(2990);
    expect(cod.totals.feeLines).toEqual([{ kind: "cash_on_delivery", amount: 2990 }]);
    expect(cod.totals.taxLines.reduce((sum: number, line: { amount: number }) => sum + line.amount, 0)).toBe(
      cod.totals.tax,
    );

    // Half-typed input is priced without it, not refused: no postal code yet → no shipping options.
    const partial = await (await request.get("/api/checkout/preview?country=TR&postalCode=34")).json();
    expect(partial.options).toEqual([]);
    expect(partial.totals.subtotal).toBe(variant.price);
    const long = await request.get(`/api/checkout/preview?country=${"X".repeat(65)}`);
    expect(long.status()).toBe(400);
    expect((await long.json()).error.code).toBe("VALIDATION_FAILED");
    const cart = await (await request.get("/api/cart")).json();
    await request.delete(`/api/cart/items/${cart.items[0].id}`);
  });

  test("coupon errors follow the contract", async ({ request }) => {
    const product = await productWithStock(request, 7);
    const variant = product.variants[0];
    if (!variant) throw new Error("no variant");
    await request.post("/api/cart/items", { data: { sku: variant.sku, qty: 1 } });
    const expectCode = async (code: string, expected: string, status = 422) => {
      const response = await request.post("/api/cart/coupon", { data: { code } });
      expect(response.status(), code.slice(0, 20)).toBe(status);
      expect((await response.json()).error.code).toBe(expected);
    };
    await expectCode("NOPE", "COUPON_INVALID");
    await expectCode("YAZ2025", "COUPON_EXPIRED");
    await expectCode("YILBASI", "COUPON_INVALID");
    await expectCode("x".repeat(5000), "VALIDATION_FAILED", 400);
    if (variant.price < 75000) {
      const response = await request.post("/api/cart/coupon", { data: { code: "100TL" } });
      expect(response.status()).toBe(422);
      const error = (await response.json()).error;
      expect(error.code).toBe("COUPON_MIN_ORDER");
      expect(error.details.minOrder).toBe(75000);
      expect(error.message).toContain("750,00");
    }
    const ok = await request.post("/api/cart/coupon", { data: { code: " hosgeldin10 " } });
    expect(ok.status()).toBe(200);
    const cart = await ok.json();
    expect(cart.coupon.code).toBe("HOSGELDIN10");
    expect(cart.totals.discount).toBe(Math.round(cart.totals.subtotal / 10));
    const removed = await (await request.delete("/api/cart/coupon")).json();
    expect(removed.coupon).toBeNull();
    expect(removed.totals.discount).toBe(0);
  });

  test("shipping rates differ between İstanbul and Van and are sorted by price", async ({ request }) => {
    const istanbul = await (await request.get("/api/shipping/rates?country=TR&postalCode=34710")).json();
    const van = await (await request.get("/api/shipping/rates?country=TR&postalCode=65000")).json();
    expect(istanbul.options.map((o: { id: string }) => o.id)).toContain("same_day");
    expect(van.options.map((o: { id: string }) => o.id)).not.toContain("same_day");
    const standard = (r: { options: { id: string; price: number }[] }) =>
      r.options.find((o) => o.id === "standard");
    expect(standard(istanbul)?.price).toBeLessThan(standard(van)?.price ?? 0);
    const prices = istanbul.options.map((o: { price: number }) => o.price);
    expect(prices).toEqual([...prices].sort((a: number, b: number) => a - b));
    for (const option of istanbul.options) {
      expect(Object.keys(option).sort()).toEqual(["carrier", "etaDays", "id", "name", "price"]);
    }
  });

  test("bad destinations → 400, a country we do not ship to → 422", async ({ request }) => {
    for (const query of [
      "country=TR&postalCode=ABCDE",
      "country=TR&postalCode=99000",
      "country=XX&postalCode=1234",
      "postalCode=34710",
    ]) {
      const response = await request.get(`/api/shipping/rates?${query}`);
      expect(response.status(), query).toBe(400);
      expect((await response.json()).error.code).toBe("VALIDATION_FAILED");
    }
    const far = await request.get("/api/shipping/rates?country=JP&postalCode=1000001");
    expect(far.status()).toBe(422);
    expect((await far.json()).error.code).toBe("NO_SHIPPING_TO_ADDRESS");
  });
});
