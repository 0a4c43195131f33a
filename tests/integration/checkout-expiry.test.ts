import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as cleanupRoute } from "@/app/api/cron/cleanup-reservations/route";
import { applyCoupon } from "@/lib/coupons/service";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { expireUnpaidOrders, receiveStripeEvent } from "@/lib/payments/events";
import {
  cartWith,
  checkoutInput,
  expectStockInvariant,
  extraPool,
  ledgerOf,
  MINUTE,
  makeCoupon,
  oneSku,
  orderByNo,
  place,
  q,
  reservationsOf,
  startFakeStripeEnv,
  stockOf,
  timelineOf,
  uniqueEmail,
} from "./checkout-support";

// Card orders not paid within PAYMENT_WINDOW_MINUTES are cancelled by the scheduler: stock released,
// codes given back, the PaymentIntent cancelled at Stripe — each order exactly once, however many runs.

const CRON_SECRET = "cron-secret-for-checkout-tests";
process.env.CRON_SECRET = CRON_SECRET;
const fake = await startFakeStripeEnv();
const pool = extraPool(30);

beforeAll(async () => {
  expect(env().CRON_SECRET).toBe(CRON_SECRET);
  await pool.db.execute(sql`select 1`);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await pool.client.end({ timeout: 5 });
  await fake.close();
});

beforeEach(() => fake.reset());

const windowMs = () => env().PAYMENT_WINDOW_MINUTES * MINUTE;

function cancelRequests(intentId: string) {
  return fake.requests.filter(
    (r) => r.operation === "cancel" && r.path === `/v1/payment_intents/${intentId}/cancel`,
  );
}

describe("expiry of unpaid card orders", () => {
  it("cancels an order past its window (not before), releases its stock, gives its code back and cancels the PaymentIntent", async () => {
    const db = getDb();
    const t0 = new Date(Date.now() - 3 * windowMs());
    const item = await oneSku(db, "EXPIRE", 6);
    const cartId = await cartWith(db, [[item.sku, 2]], t0);
    const coupon = await makeCoupon(db, { value: 10, usageLimit: 1 });
    await applyCoupon(db, { cartId, code: coupon.code, userId: null }, t0);
    const order = await place(db, cartId, checkoutInput(uniqueEmail("expire")), t0);
    expect(await stockOf(db, item.id)).toEqual({ onHand: 6, reserved: 2 });

    await expireUnpaidOrders(db, new Date(t0.getTime() + windowMs() - MINUTE));
    expect((await orderByNo(db, order.orderNo)).status).toBe("pending_payment");
    expect(await stockOf(db, item.id)).toEqual({ onHand: 6, reserved: 2 });
    expect(cancelRequests(order.intentId ?? "")).toEqual([]);

    expect(await expireUnpaidOrders(db, new Date(t0.getTime() + windowMs() + MINUTE))).toBeGreaterThanOrEqual(
      1,
    );

    expect((await orderByNo(db, order.orderNo)).status).toBe("cancelled");
    expect((await timelineOf(db, order.orderNo)).map((e) => [e.type, e.to_status])).toEqual([
      ["placed", "pending_payment"],
      ["expired", "cancelled"],
    ]);
    expect(await stockOf(db, item.id)).toEqual({ onHand: 6, reserved: 0 });
    expect(
      (await reservationsOf(db, item.id)).filter((r) => r.order_id === order.orderId).map((r) => r.status),
    ).toEqual(["expired"]);
    const [used] = await q<{ used_count: number }>(
      db,
      sql`select used_count from coupons where id = ${coupon.id}`,
    );
    expect(used?.used_count).toBe(0);
    expect(fake.intent(order.intentId ?? "")?.status).toBe("canceled");
    expect(cancelRequests(order.intentId ?? "")).toHaveLength(1);
    await expectStockInvariant(db);

    // Another run later changes nothing.
    await expireUnpaidOrders(db, new Date(t0.getTime() + 2 * windowMs()));
    expect((await timelineOf(db, order.orderNo)).filter((e) => e.type === "expired")).toHaveLength(1);
    expect(cancelRequests(order.intentId ?? "")).toHaveLength(1);
    expect(await ledgerOf(db, item.id, "release", order.orderNo)).toHaveLength(1);
  });

  it("a failed order (hold already released) expires without releasing anything twice", async () => {
    const db = getDb();
    const t0 = new Date(Date.now() - 3 * windowMs());
    const item = await oneSku(db, "EXPIRE-FAILED", 4);
    const cartId = await cartWith(db, [[item.sku, 1]], t0);
    const order = await place(db, cartId, checkoutInput(uniqueEmail("expire-failed")), t0);
    const { event } = await fake.fail(order.intentId ?? "");
    await receiveStripeEvent(db, event as unknown as Stripe.Event, new Date(t0.getTime() + MINUTE));
    expect((await orderByNo(db, order.orderNo)).status).toBe("payment_failed");
    expect(await stockOf(db, item.id)).toEqual({ onHand: 4, reserved: 0 });

    await expireUnpaidOrders(db, new Date(t0.getTime() + windowMs() + MINUTE));

    expect((await orderByNo(db, order.orderNo)).status).toBe("cancelled");
    expect(await stockOf(db, item.id)).toEqual({ onHand: 4, reserved: 0 });
    expect(await ledgerOf(db, item.id, "release", order.orderNo)).toHaveLength(1);
    await expectStockInvariant(db);
  });

  it("four expiry runs at once, on separate connections, cancel each of 8 orders exactly once", async () => {
    const db = getDb();
    const t0 = new Date(Date.now() - 3 * windowMs());
    const item = await oneSku(db, "EXPIRE-RACE", 40);
    const orders = [];
    for (let i = 0; i < 8; i++) {
      const cartId = await cartWith(db, [[item.sku, 1 + (i % 3)]], t0);
      orders.push(await place(db, cartId, checkoutInput(uniqueEmail(`race${i}`)), t0));
    }
    const at = new Date(t0.getTime() + windowMs() + MINUTE);
    const [due] = await q<{ n: number }>(
      db,
      sql`select count(*)::int as n from orders where status in ('pending_payment', 'payment_failed')
        and payment_due_at <= ${at.toISOString()}`,
    );
    expect(due?.n).toBeGreaterThanOrEqual(8);

    const counts = await Promise.all(Array.from({ length: 4 }, () => expireUnpaidOrders(pool.db, at)));

    expect(counts.reduce((a, b) => a + b, 0)).toBe(due?.n);
    for (const order of orders) {
      expect((await orderByNo(db, order.orderNo)).status).toBe("cancelled");
      expect((await timelineOf(db, order.orderNo)).filter((e) => e.type === "expired")).toHaveLength(1);
      expect(await ledgerOf(db, item.id, "release", order.orderNo)).toHaveLength(1);
      expect(cancelRequests(order.intentId ?? "")).toHaveLength(1);
      expect(fake.intent(order.intentId ?? "")?.status).toBe("canceled");
    }
    expect(await stockOf(db, item.id)).toEqual({ onHand: 40, reserved: 0 });
    await expectStockInvariant(db);
  });

  it("expiry runs racing the success webhooks of the same orders: every order ends paid, its stock taken once", async () => {
    const db = getDb();
    const t0 = new Date(Date.now() - 3 * windowMs());
    const item = await oneSku(db, "EXPIRE-PAID", 30);
    const orders = [];
    for (let i = 0; i < 6; i++) {
      const cartId = await cartWith(db, [[item.sku, 2]], t0);
      orders.push(await place(db, cartId, checkoutInput(uniqueEmail(`paidrace${i}`)), t0));
    }
    // Every shopper paid in time; the events arrive just as the window closes.
    const events = orders.map((o) =>
      fake.event("payment_intent.succeeded", fake.setStatus(o.intentId ?? "", "succeeded")),
    );
    const at = new Date(t0.getTime() + windowMs() + MINUTE);

    await Promise.all([
      expireUnpaidOrders(pool.db, at),
      ...events.map((event) => receiveStripeEvent(pool.db, event as unknown as Stripe.Event, at)),
      expireUnpaidOrders(pool.db, at),
    ]);

    for (const [i, order] of orders.entries()) {
      expect((await orderByNo(db, order.orderNo)).status, `order ${i}`).toBe("paid");
      expect(
        (await timelineOf(db, order.orderNo)).filter((e) => e.type === "payment_succeeded"),
      ).toHaveLength(1);
      const commits = await ledgerOf(db, item.id, "commit", order.orderNo);
      expect(commits.map((c) => c.on_hand_delta)).toEqual([-2]);
      expect(fake.refundsFor(order.intentId ?? "")).toEqual([]);
    }
    expect(await stockOf(db, item.id)).toEqual({ onHand: 30 - 12, reserved: 0 });
    await expectStockInvariant(db);
  });

  it("the scheduler's route (GET /api/cron/cleanup-reservations) expires unpaid card orders and reports them", async () => {
    const db = getDb();
    const placedAt = new Date(Date.now() - windowMs() - 5 * MINUTE);
    const item = await oneSku(db, "CRON", 3);
    const cartId = await cartWith(db, [[item.sku, 1]], placedAt);
    const order = await place(db, cartId, checkoutInput(uniqueEmail("cron")), placedAt);

    const unauthorized = await cleanupRoute(
      new NextRequest("http://localhost:3000/api/cron/cleanup-reservations"),
      {
        params: Promise.resolve({}),
      },
    );
    expect(unauthorized.status).toBe(401);
    expect((await orderByNo(db, order.orderNo)).status).toBe("pending_payment");

    const response = await cleanupRoute(
      new NextRequest("http://localhost:3000/api/cron/cleanup-reservations", {
        headers: { authorization: `Bearer ${CRON_SECRET}` },
      }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { released: number; expiredOrders: number };

    expect({
      expiredOrders: body.expiredOrders,
      status: (await orderByNo(db, order.orderNo)).status,
    }).toEqual({
      expiredOrders: 1,
      status: "cancelled",
    });
    expect(fake.intent(order.intentId ?? "")?.status).toBe("canceled");
    expect(await stockOf(db, item.id)).toEqual({ onHand: 3, reserved: 0 });
    await expectStockInvariant(db);
  });
});
