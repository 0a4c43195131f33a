// The live parts of the cached storefront pages: a product's stock and the header's visitor summary.
import { describe, expect, it, vi } from "vitest";
import { GET as stockRoute } from "@/app/api/products/[slug]/stock/route";
import { GET as visitorRoute } from "@/app/api/visitor/route";
import { userCartId } from "@/lib/cart/merge";
import { addItem } from "@/lib/cart/service";
import { CART_COOKIE, newCartId, signCartId } from "@/lib/cart/token";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { actAs } from "./action-support";
import { call, makeUser } from "./admin-support";
import { makeSkus } from "./checkout-support";

// unstable_cache needs Next.js's cache handler: outside it, the catalogue is read each time (stock is anyway).
vi.mock("next/cache", async (original) => ({
  ...(await original<typeof import("next/cache")>()),
  unstable_cache: <T>(fn: T) => fn,
}));
vi.mock("@/lib/auth/session", async () => (await import("./action-support")).authSession);

// The request's cookies, as next/headers would read them in a route handler.
const jar = new Map<string, string>();
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    has: (name: string) => jar.has(name),
  }),
}));

const slugOf = (sku: string) => `${sku.slice(0, sku.lastIndexOf("-")).toLowerCase()}-test`;

describe("GET /api/products/{slug}/stock", () => {
  it("answers each variant's stock as it is now, uncached, and follows a cart's hold", async () => {
    const db = getDb();
    const [a, b] = await makeSkus(db, "LIVE", [5, 0]);
    if (!a || !b) throw new Error("setup failed");
    const slug = slugOf(a.sku);
    const before = await call(stockRoute, `/api/products/${slug}/stock`, { params: { slug } });
    expect(before.status).toBe(200);
    expect(before.headers.get("cache-control")).toBe("no-store");
    expect(before.body).toEqual({
      variants: [
        { sku: a.sku, available: 5 },
        { sku: b.sku, available: 0 },
      ],
    });

    await addItem(db, { cartId: newCartId() }, { sku: a.sku, qty: 2 });
    const after = await call(stockRoute, `/api/products/${slug}/stock`, { params: { slug } });
    expect(after.body.variants).toEqual([
      { sku: a.sku, available: 3 },
      { sku: b.sku, available: 0 },
    ]);
  });

  it("answers 404 PRODUCT_NOT_FOUND for an unknown or malformed slug", async () => {
    for (const slug of ["boyle-bir-urun-yok", "Not A Slug!"]) {
      const answer = await call(stockRoute, `/api/products/x/stock`, { params: { slug } });
      expect(answer.status).toBe(404);
      expect(answer.body.error?.code).toBe("PRODUCT_NOT_FOUND");
    }
  });
});

describe("GET /api/visitor", () => {
  it("is an anonymous empty cart without cookies, and the cart's units with a cart cookie", async () => {
    jar.clear();
    const empty = await call(visitorRoute, "/api/visitor");
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ signedIn: false, cartCount: 0 });
    expect(empty.headers.get("cache-control")).toBe("private, no-store");

    const db = getDb();
    const [item] = await makeSkus(db, "VISIT", [10]);
    const cartId = newCartId();
    await addItem(db, { cartId }, { sku: item?.sku ?? "", qty: 3 });
    jar.set(CART_COOKIE, signCartId(cartId, env().AUTH_SECRET));
    expect((await call(visitorRoute, "/api/visitor")).body).toEqual({ signedIn: false, cartCount: 3 });

    // A tampered cookie is no cart, as everywhere else.
    jar.set(CART_COOKIE, `${signCartId(cartId, env().AUTH_SECRET)}x`);
    expect((await call(visitorRoute, "/api/visitor")).body).toEqual({ signedIn: false, cartCount: 0 });
  });

  it("is signed in with the account's own cart (not the guest cookie's) for a signed-in customer", async () => {
    const db = getDb();
    const user = await makeUser(db, "customer");
    const [item] = await makeSkus(db, "VISIT", [10]);
    await addItem(db, { cartId: await userCartId(db, user.id) }, { sku: item?.sku ?? "", qty: 2 });
    const guestCart = newCartId();
    await addItem(db, { cartId: guestCart }, { sku: item?.sku ?? "", qty: 5 });
    jar.clear();
    jar.set(CART_COOKIE, signCartId(guestCart, env().AUTH_SECRET));
    actAs(user);
    try {
      expect((await call(visitorRoute, "/api/visitor")).body).toEqual({ signedIn: true, cartCount: 2 });
    } finally {
      actAs(null);
    }
  });
});
