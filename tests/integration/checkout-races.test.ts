import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { placeOrder } from "@/lib/checkout/service";
import { applyCoupon } from "@/lib/coupons/service";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import {
  appError,
  cartCodes,
  cartRows,
  cartWith,
  checkoutInput,
  expectStockInvariant,
  extraPool,
  MINUTE,
  makeSkus,
  oneSku,
  ordersFor,
  q,
  reservationsOf,
  startFakeStripeEnv,
  stockOf,
  tally,
  uniqueEmail,
} from "./checkout-support";

// Guarantees 1 and 5 at checkout: the last unit goes to exactly one order, a single-use code to exactly
// one order, under real concurrency (each checkout on its own connection of a 30-connection pool).

const fake = await startFakeStripeEnv();
const pool = extraPool(30);

beforeAll(async () => {
  expect(env().STRIPE_API_BASE).toBe(fake.url);
  await pool.db.execute(sql`select 1`);
});

afterAll(async () => {
  await pool.client.end({ timeout: 5 });
  await fake.close();
});

beforeEach(() => fake.reset());

/** placeOrder on the racing pool, settled as {code, orderNo}. */
function race(cartId: string, email: string, now: Date, paymentMethod = "card") {
  return placeOrder(
    pool.db,
    { cartId, userId: null, checkout: checkoutInput(email, { paymentMethod }), locale: "tr" },
    now,
  ).then(
    (result) => ({ code: "ok", orderNo: result.order.orderNo, error: null as AppError | null }),
    (error: unknown) => {
      if (error instanceof AppError) return { code: error.code, orderNo: null, error };
      throw error;
    },
  );
}

describe("checkout: the last unit", () => {
  it("carts whose holds lapsed race for the last unit: exactly one order, the others OUT_OF_STOCK with details.items", async () => {
    const db = getDb();
    const item = await oneSku(db, "LAST", 1);
    // Each cart adds the unit 16 minutes after the previous one, taking it over once that hold lapsed;
    // at the race every cart has the line and none holds it any more.
    const t0 = Date.now() - 2 * 60 * MINUTE;
    const carts: { cartId: string; email: string }[] = [];
    for (let i = 0; i < 6; i++) {
      const cartId = await cartWith(db, [[item.sku, 1]], new Date(t0 + i * 16 * MINUTE));
      carts.push({ cartId, email: uniqueEmail(`last${i}`) });
    }
    const at = new Date(t0 + 6 * 16 * MINUTE);
    const linesBefore = await Promise.all(carts.map((c) => cartRows(db, c.cartId)));

    const results = await Promise.all(carts.map((c) => race(c.cartId, c.email, at)));

    expect(tally(results.map((r) => r.code))).toEqual({ ok: 1, OUT_OF_STOCK: 5 });
    for (const result of results.filter((r) => r.code === "OUT_OF_STOCK")) {
      expect(result.error?.status).toBe(409);
      expect(result.error?.details.items).toEqual([{ sku: item.sku, requested: 1, available: 0 }]);
    }
    const placed = (await Promise.all(carts.map((c) => ordersFor(db, c.email)))).flat();
    expect(placed).toHaveLength(1);
    expect(placed[0]?.status).toBe("pending_payment");
    expect(fake.createdIntents()).toHaveLength(1);

    // Card order: on_hand untouched until paid, the one unit held by the order, the ledger agrees.
    expect(await stockOf(db, item.id)).toEqual({ onHand: 1, reserved: 1 });
    const active = (await reservationsOf(db, item.id)).filter((r) => r.status === "active");
    expect(active).toEqual([expect.objectContaining({ order_id: placed[0]?.id, cart_id: null, qty: 1 })]);
    await expectStockInvariant(db);

    // The losers kept their carts exactly as they were.
    for (const [i, c] of carts.entries()) {
      if (results[i]?.code === "ok") expect(await cartRows(db, c.cartId)).toEqual([]);
      else expect(await cartRows(db, c.cartId)).toEqual(linesBefore[i]);
    }
  });

  it("two carts that both hold their units race for stock of a cart whose hold lapsed: no oversell", async () => {
    const db = getDb();
    const item = await oneSku(db, "LAST-MIX", 3);
    const now = Date.now();
    // A lapsed cart holding 2 of 3, then two carts that take 1 each (the first re-takes the lapsed units).
    const lapsed = await cartWith(db, [[item.sku, 2]], new Date(now - 40 * MINUTE));
    const a = await cartWith(db, [[item.sku, 2]], new Date(now - 5 * MINUTE));
    const b = await cartWith(db, [[item.sku, 1]], new Date(now - 4 * MINUTE));
    const emails = [uniqueEmail("mix-lapsed"), uniqueEmail("mix-a"), uniqueEmail("mix-b")];

    const results = await Promise.all(
      [lapsed, a, b].map((cartId, i) => race(cartId, emails[i] ?? "", new Date(now))),
    );

    // a and b hold 3 units between them: both are placed; the lapsed cart is short.
    expect(results.map((r) => r.code)).toEqual(["OUT_OF_STOCK", "ok", "ok"]);
    expect(results[0]?.error?.details.items).toEqual([{ sku: item.sku, requested: 2, available: 0 }]);
    expect(await stockOf(db, item.id)).toEqual({ onHand: 3, reserved: 3 });
    await expectStockInvariant(db);
  });

  it("a cart with one short line fails as a whole: no order, nothing held for its other lines", async () => {
    const db = getDb();
    const [plenty, scarce] = await makeSkus(db, "SHORT", [10, 1]);
    if (!plenty || !scarce) throw new Error("setup failed");
    const now = Date.now();
    const cartId = await cartWith(
      db,
      [
        [plenty.sku, 2],
        [scarce.sku, 1],
      ],
      new Date(now - 20 * MINUTE),
    );
    // Someone else takes the scarce unit once the first cart's hold lapsed, and still holds it.
    await cartWith(db, [[scarce.sku, 1]], new Date(now - MINUTE));
    const before = await reservationsOf(db, plenty.id);
    const email = uniqueEmail("short");

    const error = await appError(
      placeOrder(db, { cartId, userId: null, checkout: checkoutInput(email), locale: "tr" }, new Date(now)),
    );

    expect(error.code).toBe("OUT_OF_STOCK");
    expect(error.details.items).toEqual([{ sku: scarce.sku, requested: 1, available: 0 }]);
    expect(await ordersFor(db, email)).toEqual([]);
    expect(await reservationsOf(db, plenty.id)).toEqual(before);
    expect(await stockOf(db, scarce.id)).toEqual({ onHand: 1, reserved: 1 });
    expect(fake.createdIntents()).toHaveLength(0);
    await expectStockInvariant(db);
  });
});

describe("checkout: a single-use code (ILKSIPARIS, usageLimit 1)", () => {
  it("20 carts that all applied it check out at once: exactly one order uses it, the others get COUPON_USAGE_LIMIT", async () => {
    const db = getDb();
    const item = await oneSku(db, "FIRST", 100);
    const [coupon] = await q<{ id: number; used_count: number; usage_limit: number }>(
      db,
      sql`select id, used_count, usage_limit from coupons where code = 'ILKSIPARIS'`,
    );
    expect(coupon).toMatchObject({ used_count: 0, usage_limit: 1 });
    const carts: { cartId: string; email: string }[] = [];
    for (let i = 0; i < 20; i++) {
      const cartId = await cartWith(db, [[item.sku, 2]]);
      await applyCoupon(db, { cartId, code: "ILKSIPARIS", userId: null });
      carts.push({ cartId, email: uniqueEmail(`first${i}`) });
    }
    const orderHoldsBefore = await q<{ n: number }>(
      db,
      sql`select count(*)::int as n from reservations where variant_id = ${item.id} and order_id is not null`,
    );
    expect(orderHoldsBefore[0]?.n).toBe(0);

    const results = await Promise.all(carts.map((c) => race(c.cartId, c.email, new Date())));

    expect(tally(results.map((r) => r.code))).toEqual({ ok: 1, COUPON_USAGE_LIMIT: 19 });
    for (const r of results.filter((x) => x.code !== "ok")) expect(r.error?.status).toBe(422);
    const winner = results.findIndex((r) => r.code === "ok");
    const winnerOrders = await ordersFor(db, carts[winner]?.email ?? "");
    expect(winnerOrders).toHaveLength(1);
    // 15 % of 2 × 125 TL.
    expect(Number(winnerOrders[0]?.discount)).toBe(3750);

    const redemptions = await q<{ order_id: string }>(
      db,
      sql`select order_id from coupon_redemptions where coupon_id = ${coupon?.id}`,
    );
    expect(redemptions).toEqual([{ order_id: winnerOrders[0]?.id }]);
    const [after] = await q<{ used_count: number }>(
      db,
      sql`select used_count from coupons where id = ${coupon?.id}`,
    );
    expect(after?.used_count).toBe(1);

    // The 19 refused ones: no order, no order hold, their carts as they were (lines and the code).
    for (const [i, c] of carts.entries()) {
      if (i === winner) continue;
      expect(await ordersFor(db, c.email)).toEqual([]);
      expect(await cartRows(db, c.cartId)).toEqual([
        expect.objectContaining({ variant_id: item.id, qty: 2 }),
      ]);
      expect(await cartCodes(db, c.cartId)).toEqual(["ILKSIPARIS"]);
    }
    const orderHolds = await q<{ order_id: string; qty: number }>(
      db,
      sql`select order_id, qty from reservations where variant_id = ${item.id} and order_id is not null
        and status = 'active'`,
    );
    expect(orderHolds).toEqual([{ order_id: winnerOrders[0]?.id, qty: 2 }]);
    expect(await stockOf(db, item.id)).toEqual({ onHand: 100, reserved: 40 });
    expect(fake.createdIntents()).toHaveLength(1);
    await expectStockInvariant(db);
  });
});
