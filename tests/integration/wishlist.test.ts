// The wishlist API as a browser calls it: a guest's signed cookie, an account's list, the merge at sign-in.
import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { toggleWishlistAction } from "@/app/actions/wishlist";
import { DELETE as removeRoute } from "@/app/api/wishlist/items/[sku]/route";
import { POST as addRoute, GET as listRoute } from "@/app/api/wishlist/items/route";
import { WISHLIST_MAX } from "@/db/schema";
import { addItem } from "@/lib/cart/service";
import { newCartId } from "@/lib/cart/token";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { adoptGuestWishlist, signWishlistId, WISHLIST_COOKIE } from "@/lib/wishlist/guest";
import { addToWishlist, listWishlist, newWishlistId, userWishlistId } from "@/lib/wishlist/service";
import { actAs, form, outcome, requestHeaders } from "./action-support";
import { call, makeUser } from "./admin-support";
import { makeSkus } from "./checkout-support";

vi.mock("@/lib/auth/session", async () => (await import("./action-support")).authSession);
vi.mock("next-intl/server", async () => (await import("./action-support")).nextIntlServer);
vi.mock("next/cache", async () => (await import("./action-support")).nextCache);
vi.mock("next/headers", async () => (await import("./action-support")).nextHeaders);
const { jar } = requestHeaders;

beforeEach(() => {
  jar.clear();
  actAs(null);
});

const skusOf = (body: Record<string, unknown>) => (body.items as { sku: string }[]).map((item) => item.sku);
const add = (sku: unknown) => call(addRoute, "/api/wishlist/items", { method: "POST", body: { sku } });
const remove = (sku: string) =>
  call(removeRoute, `/api/wishlist/items/${sku}`, { method: "DELETE", params: { sku } });

describe("a guest's wishlist", () => {
  it("starts empty, mints a signed cookie on the first add, and keeps a SKU once", async () => {
    const [a, b] = await makeSkus(getDb(), "WISH", [5, 5], 20_000);
    if (!a || !b) throw new Error("setup failed");
    const empty = await call(listRoute, "/api/wishlist/items");
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ items: [] });
    expect(empty.headers.get("cache-control")).toBe("private, no-store");

    const first = await add(a.sku.toLowerCase());
    expect(first.status).toBe(200);
    expect(jar.get(WISHLIST_COOKIE)).toMatch(/^w_[0-9a-f]{32}\./);
    expect(first.body.items).toEqual([
      expect.objectContaining({
        sku: a.sku,
        slug: `${a.sku.slice(0, a.sku.lastIndexOf("-")).toLowerCase()}-test`,
        price: 20_000,
        inStock: true,
        priceDropped: false,
      }),
    ]);
    await add(b.sku);
    const twice = await add(a.sku);
    expect(twice.status).toBe(200);
    expect(skusOf(twice.body)).toEqual([b.sku, a.sku]);
    expect(skusOf((await call(listRoute, "/api/wishlist/items")).body)).toEqual([b.sku, a.sku]);

    const removed = await remove(a.sku);
    expect(removed.status).toBe(200);
    expect(skusOf(removed.body)).toEqual([b.sku]);
    // Not on the list (any more): nothing changes.
    expect(skusOf((await remove(a.sku)).body)).toEqual([b.sku]);

    // A tampered cookie is no list.
    jar.set(WISHLIST_COOKIE, `${jar.get(WISHLIST_COOKIE)}x`);
    expect((await call(listRoute, "/api/wishlist/items")).body).toEqual({ items: [] });
  });

  it("refuses an unknown SKU with 404 PRODUCT_NOT_FOUND and a bad body with 400 VALIDATION_FAILED", async () => {
    const unknown = await add("BOYLE-BIR-SKU-YOK");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.code).toBe("PRODUCT_NOT_FOUND");
    expect((await remove("BOYLE-BIR-SKU-YOK")).status).toBe(404);

    for (const body of [{}, { sku: "" }, { sku: 12 }, { sku: "x".repeat(65) }]) {
      const answer = await call(addRoute, "/api/wishlist/items", { method: "POST", body });
      expect(answer.status).toBe(400);
      expect(answer.body.error?.code).toBe("VALIDATION_FAILED");
      expect(Object.keys(answer.body.error?.details.fields as object)).toEqual(["sku"]);
    }
    const long = await remove("X".repeat(65));
    expect(long.status).toBe(400);
  });

  it("flags a price drop against the price when added, and follows stock", async () => {
    const db = getDb();
    const [item] = await makeSkus(db, "DROP", [1], 30_000);
    if (!item) throw new Error("setup failed");
    await add(item.sku);
    await db.execute(sql`update variants set price = 25_000 where id = ${item.id}`);
    let [shown] = (await call(listRoute, "/api/wishlist/items")).body.items as Record<string, unknown>[];
    expect(shown).toMatchObject({ price: 25_000, priceDropped: true, inStock: true });

    // The last unit held by someone's cart: no longer in stock.
    await addItem(db, { cartId: newCartId() }, { sku: item.sku, qty: 1 });
    [shown] = (await call(listRoute, "/api/wishlist/items")).body.items as Record<string, unknown>[];
    expect(shown).toMatchObject({ inStock: false });

    // A price back up above the price when added is no drop.
    await db.execute(sql`update variants set price = 31_000 where id = ${item.id}`);
    [shown] = (await call(listRoute, "/api/wishlist/items")).body.items as Record<string, unknown>[];
    expect(shown).toMatchObject({ price: 31_000, priceDropped: false });
  });
});

describe("an account's wishlist", () => {
  it("is the account's own list, not the guest cookie's", async () => {
    const db = getDb();
    const user = await makeUser(db, "customer");
    const [a, b] = await makeSkus(db, "ACCT", [3, 3]);
    if (!a || !b) throw new Error("setup failed");
    const guest = newWishlistId();
    await addToWishlist(db, guest, b.sku);
    jar.set(WISHLIST_COOKIE, signWishlistId(guest, env().AUTH_SECRET));
    actAs(user);
    expect(skusOf((await add(a.sku)).body)).toEqual([a.sku]);
    expect(skusOf((await call(listRoute, "/api/wishlist/items")).body)).toEqual([a.sku]);
    actAs(null);
    expect(skusOf((await call(listRoute, "/api/wishlist/items")).body)).toEqual([b.sku]);
  });

  it("takes in the guest's list at sign-in, a SKU on both kept once, and clears the cookie", async () => {
    const db = getDb();
    const user = await makeUser(db, "customer");
    const [a, b, c] = await makeSkus(db, "MERGE", [3, 3, 3]);
    if (!a || !b || !c) throw new Error("setup failed");
    const own = await userWishlistId(db, user.id);
    await addToWishlist(db, own, b.sku);
    await addToWishlist(db, own, c.sku);
    await add(a.sku);
    await add(b.sku);
    const guest = jar.get(WISHLIST_COOKIE)?.split(".")[0] ?? "";

    await adoptGuestWishlist(user.id);
    expect(jar.has(WISHLIST_COOKIE)).toBe(false);
    expect((await listWishlist(db, own, "tr")).map((item) => item.sku).sort()).toEqual(
      [a.sku, b.sku, c.sku].sort(),
    );
    const [left] = (await db.execute(
      sql`select count(*)::int as n from wishlists where id = ${guest}`,
    )) as unknown as [{ n: number }];
    expect(left.n).toBe(0);
    actAs(user);
    expect(skusOf((await call(listRoute, "/api/wishlist/items")).body).sort()).toEqual(
      [a.sku, b.sku, c.sku].sort(),
    );
  });
});

describe("the size of a list", () => {
  it(`holds ${WISHLIST_MAX} SKUs, even with many adds at once; one more is 422 WISHLIST_FULL`, async () => {
    const db = getDb();
    const made = await makeSkus(
      db,
      "FULL",
      Array.from({ length: WISHLIST_MAX + 10 }, () => 1),
    );
    const wishlistId = newWishlistId();
    for (const item of made.slice(0, WISHLIST_MAX - 5)) await addToWishlist(db, wishlistId, item.sku);
    // 15 adds at once on their own connections for the last 5 places.
    const outcomes = await Promise.allSettled(
      made.slice(WISHLIST_MAX - 5).map((item) => addToWishlist(db, wishlistId, item.sku)),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(5);
    for (const refused of outcomes.filter((o) => o.status === "rejected")) {
      expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: "WISHLIST_FULL", status: 422 });
    }
    expect(await listWishlist(db, wishlistId, "tr")).toHaveLength(WISHLIST_MAX);

    jar.set(WISHLIST_COOKIE, signWishlistId(wishlistId, env().AUTH_SECRET));
    const refused = await add(made.at(-1)?.sku);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: "WISHLIST_FULL", details: { max: WISHLIST_MAX } });
    expect(refused.body.error?.message).toContain(String(WISHLIST_MAX));
  });
});

describe("the heart's form (server action)", () => {
  it("adds and removes; a plain post lands on /wishlist, a script's call stays", async () => {
    const [item] = await makeSkus(getDb(), "HEART", [2]);
    if (!item) throw new Error("setup failed");
    requestHeaders.script = false;
    expect(await outcome(() => toggleWishlistAction(form({ sku: item.sku, intent: "add" })))).toEqual({
      kind: "redirect",
      to: "/wishlist",
    });
    expect(skusOf((await call(listRoute, "/api/wishlist/items")).body)).toEqual([item.sku]);
    requestHeaders.script = true;
    const removed = await outcome(() => toggleWishlistAction(form({ sku: item.sku, intent: "remove" })));
    expect(removed).toEqual({ kind: "done", value: { status: "ok" } });
    expect((await call(listRoute, "/api/wishlist/items")).body).toEqual({ items: [] });

    const refused = await outcome(() => toggleWishlistAction(form({ sku: "YOK-BOYLE", intent: "add" })));
    expect(refused).toMatchObject({ kind: "done", value: { status: "error", message: "Ürün bulunamadı." } });
  });
});
