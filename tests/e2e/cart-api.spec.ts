import { expect, test } from "@playwright/test";
import { productWithStock } from "./support";

const json = { "content-type": "application/json" };

test.describe("cart API", () => {
  test("POST /api/cart/items sets a signed cookie, reserves, and GET /api/cart shows the documented shape", async ({
    request,
  }) => {
    const product = await productWithStock(request, 3);
    const sku = product.variants[0]?.sku ?? "";
    const added = await request.post("/api/cart/items", { data: { sku: sku.toLowerCase(), qty: 2 } });
    expect(added.status()).toBe(200);
    const cookie = added.headers()["set-cookie"] ?? "";
    expect(cookie).toMatch(/cart=c_[0-9a-f]{32}\.[\w-]+/);
    expect(cookie.toLowerCase()).toContain("httponly");
    expect(cookie.toLowerCase()).toContain("samesite=lax");

    const cart = await (await request.get("/api/cart")).json();
    expect(cart.id).toMatch(/^c_/);
    expect(cart.currency).toBe("TRY");
    expect(cart.items).toHaveLength(1);
    const [line] = cart.items;
    expect(line.sku).toBe(sku);
    expect(line.qty).toBe(2);
    expect(line.lineTotal).toBe(line.unitPrice * 2);
    expect(line.flags).toEqual([]);
    expect(new Date(line.reservedUntil).getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(cart.reservationExpiresAt).toBe(line.reservedUntil);
    expect(cart.totals).toMatchObject({ subtotal: line.lineTotal, total: line.lineTotal, taxIncluded: true });

    const after = await (await request.get(`/api/products/${product.slug}`)).json();
    const variant = after.variants.find((v: { sku: string }) => v.sku === sku);
    expect(variant.available).toBe((product.variants[0]?.available ?? 0) - 2);

    const patched = await request.patch(`/api/cart/items/${line.id}`, { data: { qty: 1 } });
    expect((await patched.json()).items[0].qty).toBe(1);
    const removed = await request.delete(`/api/cart/items/${line.id}`);
    expect((await removed.json()).items).toEqual([]);
  });

  for (const [label, body] of [
    ["qty 0", { qty: 0 }],
    ["qty -1", { qty: -1 }],
    ["qty 1.5", { qty: 1.5 }],
    ['qty "2"', { qty: "2" }],
    ["qty 1e9", { qty: 1e9 }],
    ["qty null", { qty: null }],
    ["qty missing", {}],
  ] as const) {
    test(`POST /api/cart/items with ${label} → 400 VALIDATION_FAILED`, async ({ request }) => {
      const response = await request.post("/api/cart/items", { data: { sku: "ANY", ...body } });
      expect(response.status()).toBe(400);
      const error = (await response.json()).error;
      expect(error.code).toBe("VALIDATION_FAILED");
      expect(error.details.fields).toHaveProperty("qty");
    });
  }

  test("unknown SKU → 404 PRODUCT_NOT_FOUND; over 99 on a line → 422 QTY_LIMIT; too many → 409 OUT_OF_STOCK", async ({
    request,
  }) => {
    const unknown = await request.post("/api/cart/items", { data: { sku: "NO-SUCH-SKU", qty: 1 } });
    expect(unknown.status()).toBe(404);
    expect((await unknown.json()).error.code).toBe("PRODUCT_NOT_FOUND");

    const product = await productWithStock(request, 4);
    const variant = product.variants[0];
    if (!variant) throw new Error("no variant");
    const limit = await request.post("/api/cart/items", { data: { sku: variant.sku, qty: 100 } });
    expect(limit.status()).toBe(422);
    expect((await limit.json()).error.code).toBe("QTY_LIMIT");

    const tooMany = await request.post("/api/cart/items", {
      data: { sku: variant.sku, qty: Math.min(99, variant.available + 1) },
    });
    if (variant.available < 99) {
      expect(tooMany.status()).toBe(409);
      const error = (await tooMany.json()).error;
      expect(error.code).toBe("OUT_OF_STOCK");
      expect(error.details.available).toBe(variant.available);
    }
  });

  test("wrong content type → 415, a 1 MB body → 413, broken JSON → 400", async ({ request }) => {
    const text = await request.post("/api/cart/items", {
      data: "sku=X&qty=1",
      headers: { "content-type": "text/plain" },
    });
    expect(text.status()).toBe(415);
    expect((await text.json()).error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const big = await request.post("/api/cart/items", {
      data: JSON.stringify({ sku: "X", qty: 1, pad: "x".repeat(1024 * 1024) }),
      headers: json,
    });
    expect(big.status()).toBe(413);
    const broken = await request.post("/api/cart/items", { data: "{not json", headers: json });
    expect(broken.status()).toBe(400);
  });

  test("a tampered cookie is a new, empty cart, and another cart's item id is not found", async ({
    request,
    playwright,
    baseURL,
  }) => {
    const product = await productWithStock(request, 5);
    const sku = product.variants[0]?.sku ?? "";
    const mine = await (await request.post("/api/cart/items", { data: { sku, qty: 1 } })).json();
    const itemId = mine.items[0].id;

    const stranger = await playwright.request.newContext({ baseURL });
    const forged = await stranger.get("/api/cart", {
      headers: { cookie: `cart=${mine.id}.forged-signature` },
    });
    expect((await forged.json()).items).toEqual([]);
    await stranger.post("/api/cart/items", { data: { sku, qty: 1 } });
    const patch = await stranger.patch(`/api/cart/items/${itemId}`, { data: { qty: 5 } });
    expect(patch.status()).toBe(404);
    expect((await patch.json()).error.code).toBe("CART_ITEM_NOT_FOUND");
    const del = await stranger.delete(`/api/cart/items/${itemId}`);
    expect(del.status()).toBe(404);
    await stranger.dispose();

    const unchanged = await (await request.get("/api/cart")).json();
    expect(unchanged.items[0].qty).toBe(1);
  });

  test("the cleanup route needs the cron secret", async ({ request }) => {
    for (const method of ["get", "post"] as const) {
      expect((await request[method]("/api/cron/cleanup-reservations")).status()).toBe(401);
      const wrong = await request[method]("/api/cron/cleanup-reservations", {
        headers: { authorization: "Bearer nope" },
      });
      expect(wrong.status()).toBe(401);
      const ok = await request[method]("/api/cron/cleanup-reservations", {
        headers: { authorization: `Bearer ${process.env.CRON_SECRET}` },
      });
      expect(ok.status()).toBe(200);
      const body = await ok.json();
      expect(typeof body.released).toBe("number");
      expect(body.expiredOrders).toBe(0);
    }
  });
});
