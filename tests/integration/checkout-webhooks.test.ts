import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as webhookRoute } from "@/app/api/webhooks/stripe/route";
import { applyCoupon } from "@/lib/coupons/service";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { confirmFromProvider, expireUnpaidOrders, receiveStripeEvent } from "@/lib/payments/events";
import type { FakeStripeEvent } from "@/tests/support/fake-stripe";
import {
  appError,
  cartWith,
  checkoutInput,
  countRows,
  emailKeys,
  expectStockInvariant,
  extraPool,
  ledgerOf,
  MINUTE,
  makeCoupon,
  oneSku,
  orderByNo,
  paymentOf,
  place,
  q,
  startFakeStripeEnv,
  stockOf,
  timelineOf,
  uniqueEmail,
  WEBHOOK_SECRET,
} from "./checkout-support";

// Guarantee 4, the webhook half: only correctly signed, fresh events are read; each event is stored once
// by id and applied through the order state machine, so duplicates (sequential or concurrent) and late or
// out-of-order deliveries change nothing; the webhook alone finishes an order, and money for an order
// that can no longer be filled goes back exactly once.

const fake = await startFakeStripeEnv();
const pool = extraPool(30);

beforeAll(async () => {
  expect(env().STRIPE_WEBHOOK_SECRET).toBe(WEBHOOK_SECRET);
  await pool.db.execute(sql`select 1`);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await pool.client.end({ timeout: 5 });
  await fake.close();
});

beforeEach(() => fake.reset());

const asEvent = (event: FakeStripeEvent<object>) => event as unknown as Stripe.Event;

/** POSTs an event to the real route handler, signed like Stripe (or not, as the options say). */
async function deliver(
  event: FakeStripeEvent<object>,
  options: { secret?: string; timestamp?: number; header?: string | null; payload?: string } = {},
) {
  const signed = fake.signedDelivery(event, options.secret ?? WEBHOOK_SECRET, {
    timestamp: options.timestamp,
  });
  const headers = new Headers({ "content-type": "application/json; charset=utf-8" });
  const header = options.header === undefined ? signed.header : options.header;
  if (header !== null) headers.set("stripe-signature", header);
  const request = new NextRequest("http://localhost:3000/api/webhooks/stripe", {
    method: "POST",
    headers,
    body: options.payload ?? signed.payload,
  });
  const response = await webhookRoute(request, { params: Promise.resolve({}) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A card order of `qty` units of a fresh SKU with `stock` units, placed at `at`. */
async function cardOrder(prefix: string, stock: number, qty: number, at = new Date()) {
  const db = getDb();
  const item = await oneSku(db, prefix, stock);
  const cartId = await cartWith(db, [[item.sku, qty]], at);
  const email = uniqueEmail(prefix.toLowerCase());
  const placed = await place(db, cartId, checkoutInput(email), at);
  if (!placed.intentId) throw new Error("no PaymentIntent stored");
  return { item, cartId, email, ...placed, intentId: placed.intentId };
}

/** A paid order's stock was taken exactly once: on_hand down by qty, nothing held, one 'commit' ledger row. */
async function expectCommittedOnce(variantId: number, stock: number, qty: number, orderNo: string) {
  const db = getDb();
  expect(await stockOf(db, variantId)).toEqual({ onHand: stock - qty, reserved: 0 });
  const commits = await ledgerOf(db, variantId, "commit", orderNo);
  expect(commits).toHaveLength(1);
  expect(commits[0]?.on_hand_delta).toBe(-qty);
  await expectStockInvariant(db);
}

async function webhookRows(eventId: string) {
  return q<{ id: string; status: string }>(
    getDb(),
    sql`select id, status from webhook_events where id = ${eventId}`,
  );
}

describe("webhook: signature", () => {
  it("forged, tampered, stale and unsigned deliveries are answered 400 and write nothing", async () => {
    const db = getDb();
    const order = await cardOrder("SIG", 5, 2);
    const { event } = await fake.succeed(order.intentId);
    const eventsBefore = await countRows(db, "webhook_events");
    const stockBefore = await stockOf(db, order.item.id);

    const signed = fake.signedDelivery(event, WEBHOOK_SECRET);
    const tampered = JSON.parse(signed.payload) as { data: { object: { amount: number } } };
    tampered.data.object.amount = 1;
    const attempts = {
      forged: await deliver(event, { secret: "whsec_not_the_store_secret" }),
      tampered: await deliver(event, { header: signed.header, payload: JSON.stringify(tampered, null, 2) }),
      // Stripe's default tolerance is 5 minutes.
      stale: await deliver(event, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }),
      unsigned: await deliver(event, { header: null }),
      garbage: await deliver(event, { header: "t=1,v1=deadbeef" }),
    };

    for (const [name, answer] of Object.entries(attempts)) {
      expect(answer.status, name).toBe(400);
      expect((answer.body.error as { code: string }).code, name).toBe("WEBHOOK_SIGNATURE_INVALID");
    }
    expect(await countRows(db, "webhook_events")).toBe(eventsBefore);
    expect(await webhookRows(event.id)).toEqual([]);
    expect((await orderByNo(db, order.orderNo)).status).toBe("pending_payment");
    expect((await paymentOf(db, order.orderNo)).status).toBe("requires_payment");
    expect((await timelineOf(db, order.orderNo)).map((e) => e.type)).toEqual(["placed"]);
    expect(await stockOf(db, order.item.id)).toEqual(stockBefore);
    expect(await emailKeys(db, order.orderNo)).toEqual([`order_received:${order.orderNo}`]);

    // The very same event, correctly signed and fresh, is accepted: the refusals were about the signature.
    const accepted = await deliver(event);
    expect(accepted).toEqual({ status: 200, body: { received: true } });
    expect((await orderByNo(db, order.orderNo)).status).toBe("paid");
  });

  it("event types the store does not handle and events of unknown PaymentIntents are acknowledged and ignored", async () => {
    const db = getDb();
    const other = fake.event("customer.created", { id: "cus_123", object: "customer" });
    const stranger = fake.event("payment_intent.succeeded", {
      id: "pi_unknown_to_the_store",
      object: "payment_intent",
      amount: 100,
      amount_received: 100,
      metadata: {},
    });
    const ordersBefore = await q(db, sql`select order_no, status from orders order by order_no`);
    expect(await deliver(other)).toEqual({ status: 200, body: { received: true } });
    expect(await deliver(stranger)).toEqual({ status: 200, body: { received: true } });
    expect(await webhookRows(other.id)).toEqual([{ id: other.id, status: "ignored" }]);
    expect(await webhookRows(stranger.id)).toEqual([{ id: stranger.id, status: "ignored" }]);
    expect(await q(db, sql`select order_no, status from orders order by order_no`)).toEqual(ordersBefore);
  });
});

describe("webhook: payment_intent.succeeded, again and again", () => {
  it("×10 concurrently then ×10 sequentially through the route: paid once, one timeline entry, one email, stock committed once", async () => {
    const db = getDb();
    const order = await cardOrder("DUP", 7, 3);
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 7, reserved: 3 });
    const { event } = await fake.succeed(order.intentId);

    const concurrent = await Promise.all(Array.from({ length: 10 }, () => deliver(event)));
    const sequential = [];
    for (let i = 0; i < 10; i++) sequential.push(await deliver(event));

    for (const answer of [...concurrent, ...sequential]) {
      expect(answer).toEqual({ status: 200, body: { received: true } });
    }
    expect((await orderByNo(db, order.orderNo)).status).toBe("paid");
    const timeline = await timelineOf(db, order.orderNo);
    expect(timeline.filter((e) => e.type === "payment_succeeded")).toEqual([
      { type: "payment_succeeded", from_status: "pending_payment", to_status: "paid" },
    ]);
    expect((await emailKeys(db, order.orderNo)).filter((k) => k.startsWith("payment_confirmed"))).toEqual([
      `payment_confirmed:${order.orderNo}`,
    ]);
    expect((await paymentOf(db, order.orderNo)).status).toBe("succeeded");
    await expectCommittedOnce(order.item.id, 7, 3, order.orderNo);
    expect((await webhookRows(event.id)).map((r) => r.status)).toHaveLength(1);
  });

  it("×10 concurrently on separate connections, plus confirmFromProvider and a second event id: one transition", async () => {
    const db = getDb();
    const order = await cardOrder("DUP-POOL", 4, 1);
    const { event } = await fake.succeed(order.intentId);
    const twin = fake.event("payment_intent.succeeded", fake.intent(order.intentId) ?? {});

    const outcomes = await Promise.all([
      ...Array.from({ length: 10 }, () => receiveStripeEvent(pool.db, asEvent(event))),
      receiveStripeEvent(pool.db, asEvent(twin)),
      confirmFromProvider(pool.db, order.orderNo).then(() => "confirmed"),
    ]);

    expect(outcomes.filter((o) => o === "applied")).toHaveLength(1);
    expect((await orderByNo(db, order.orderNo)).status).toBe("paid");
    expect((await timelineOf(db, order.orderNo)).map((e) => e.type)).toEqual(["placed", "payment_succeeded"]);
    expect(await emailKeys(db, order.orderNo)).toEqual([
      `order_received:${order.orderNo}`,
      `payment_confirmed:${order.orderNo}`,
    ]);
    await expectCommittedOnce(order.item.id, 4, 1, order.orderNo);
    expect(await countRows(db, "webhook_events", sql`id in (${event.id}, ${twin.id})`)).toBe(2);
  });

  it("the stored event keeps the outcome that applied it, whichever concurrent duplicate finishes last", async () => {
    const order = await cardOrder("DUP-STATUS", 4, 1);
    const { event } = await fake.succeed(order.intentId);
    await Promise.all(Array.from({ length: 10 }, () => receiveStripeEvent(pool.db, asEvent(event))));
    // One delivery moved the order to paid; the row that records the event must say so.
    expect(await webhookRows(event.id)).toEqual([{ id: event.id, status: "applied" }]);
  });

  it("payment_failed arriving after succeeded changes nothing: the order stays paid", async () => {
    const db = getDb();
    const order = await cardOrder("LATE-FAIL", 5, 2);
    // A declined first try, then a successful one; Stripe delivers the failure last.
    const { event: failed } = await fake.fail(order.intentId);
    const { event: succeeded } = await fake.succeed(order.intentId);

    expect((await deliver(succeeded)).status).toBe(200);
    expect((await deliver(failed)).status).toBe(200);
    const canceled = fake.event("payment_intent.canceled", { ...failed.data.object, status: "canceled" });
    expect((await deliver(canceled)).status).toBe(200);

    expect((await orderByNo(db, order.orderNo)).status).toBe("paid");
    expect((await paymentOf(db, order.orderNo)).status).toBe("succeeded");
    expect((await timelineOf(db, order.orderNo)).map((e) => e.type)).toEqual(["placed", "payment_succeeded"]);
    expect((await emailKeys(db, order.orderNo)).some((k) => k.startsWith("payment_failed"))).toBe(false);
    await expectCommittedOnce(order.item.id, 5, 2, order.orderNo);
  });

  it("payment_failed then succeeded (the shopper retried): the hold is released, then the stock is taken once", async () => {
    const db = getDb();
    const order = await cardOrder("RETRY", 5, 2);
    const { event: failed } = await fake.fail(order.intentId);
    expect((await deliver(failed)).status).toBe(200);
    expect((await orderByNo(db, order.orderNo)).status).toBe("payment_failed");
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 5, reserved: 0 });

    const { event: succeeded } = await fake.succeed(order.intentId);
    expect((await deliver(succeeded)).status).toBe(200);
    expect((await deliver(succeeded)).status).toBe(200);

    expect((await orderByNo(db, order.orderNo)).status).toBe("paid");
    expect((await timelineOf(db, order.orderNo)).map((e) => e.type)).toEqual([
      "placed",
      "payment_failed",
      "payment_succeeded",
    ]);
    await expectCommittedOnce(order.item.id, 5, 2, order.orderNo);
  });
});

describe("webhook: succeeded after the payment window closed", () => {
  /**
   * The shopper paid at the last moment, the event is late: the order expires first (its hold released,
   * the PaymentIntent's cancellation refused by Stripe since it already succeeded), then the event comes.
   */
  async function paidButExpired(prefix: string, stock: number, qty: number) {
    const placedAt = new Date(Date.now() - (env().PAYMENT_WINDOW_MINUTES + 10) * MINUTE);
    const order = await cardOrder(prefix, stock, qty, placedAt);
    const intent = fake.setStatus(order.intentId, "succeeded");
    const event = fake.event("payment_intent.succeeded", intent);
    expect(await expireUnpaidOrders(getDb(), new Date())).toBeGreaterThanOrEqual(1);
    expect((await orderByNo(getDb(), order.orderNo)).status).toBe("cancelled");
    return { ...order, event };
  }

  it("the stock was sold meanwhile: the money goes back exactly once though the event comes 3 + 3 times", async () => {
    const db = getDb();
    const order = await paidButExpired("GONE", 1, 1);
    // Another shopper buys the released unit (bank transfer: committed at once).
    const other = await cartWith(db, [[order.item.sku, 1]]);
    await place(db, other, checkoutInput(uniqueEmail("gone-other"), { paymentMethod: "bank_transfer" }));
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 0, reserved: 0 });

    await Promise.all(Array.from({ length: 3 }, () => receiveStripeEvent(pool.db, asEvent(order.event))));
    for (let i = 0; i < 3; i++) expect((await deliver(order.event)).status).toBe(200);
    await confirmFromProvider(db, order.orderNo);

    const refunds = fake.refundsFor(order.intentId);
    const row = await orderByNo(db, order.orderNo);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]?.amount).toBe(Number(row.total));
    expect(row.status).toBe("cancelled");
    expect(Number(row.refunded)).toBe(Number(row.total));
    const stored = await q<{ provider_refund_id: string | null; amount: string; reason: string }>(
      db,
      sql`select provider_refund_id, amount, reason from refunds where order_id = ${row.id}`,
    );
    expect(stored).toEqual([
      { provider_refund_id: refunds[0]?.id, amount: row.total, reason: "stock_unavailable" },
    ]);
    const types = (await timelineOf(db, order.orderNo)).map((e) => e.type);
    expect(types.filter((t) => t === "auto_refunded")).toHaveLength(1);
    expect(types).not.toContain("payment_succeeded");
    expect((await emailKeys(db, order.orderNo)).some((k) => k.startsWith("payment_confirmed"))).toBe(false);
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 0, reserved: 0 });
    await expectStockInvariant(db);
  });

  it("the refund call fails the first time: a redelivery still gives the money back (once)", async () => {
    const db = getDb();
    const order = await paidButExpired("GONE-RETRY", 1, 1);
    const other = await cartWith(db, [[order.item.sku, 1]]);
    await place(
      db,
      other,
      checkoutInput(uniqueEmail("gone-retry-other"), { paymentMethod: "bank_transfer" }),
    );
    // Stripe is down for the first refund attempt (the SDK's two retries included).
    fake.failNext("refund", 3, 500);

    const first = await deliver(order.event);
    expect(first.status).toBe(502);
    expect(fake.refundsFor(order.intentId)).toHaveLength(0);

    // Stripe redelivers the event it got no 2xx for; Stripe works again.
    const second = await deliver(order.event);
    expect(second.status).toBe(200);
    expect(await deliver(order.event)).toEqual({ status: 200, body: { received: true } });

    const [stored] = await q<{ provider_refund_id: string | null }>(
      db,
      sql`select provider_refund_id from refunds r join orders o on o.id = r.order_id
        where o.order_no = ${order.orderNo}`,
    );
    const made = fake.refundsFor(order.intentId);
    const row = await orderByNo(db, order.orderNo);
    // The order says the money went back: Stripe must have made exactly that one refund.
    expect({
      refundsAtStripe: made.length,
      providerRefundId: stored?.provider_refund_id ?? null,
      orderRefunded: Number(row.refunded),
    }).toEqual({
      refundsAtStripe: 1,
      providerRefundId: made[0]?.id ?? "a refund id",
      orderRefunded: Number(row.total),
    });
  });

  it("the stock is still there: the order is paid after all, its stock taken once", async () => {
    const db = getDb();
    const order = await paidButExpired("STILL", 5, 2);
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 5, reserved: 0 });

    const answers = await Promise.all(Array.from({ length: 3 }, () => deliver(order.event)));
    for (const answer of answers) expect(answer.status).toBe(200);
    expect((await deliver(order.event)).status).toBe(200);

    const row = await orderByNo(db, order.orderNo);
    expect(row.status).toBe("paid");
    expect(Number(row.refunded)).toBe(0);
    expect(fake.refundsFor(order.intentId)).toEqual([]);
    expect((await timelineOf(db, order.orderNo)).map((e) => e.type)).toEqual([
      "placed",
      "expired",
      "payment_succeeded",
    ]);
    expect(
      (await emailKeys(db, order.orderNo)).filter((k) => k.startsWith("payment_confirmed")),
    ).toHaveLength(1);
    await expectCommittedOnce(order.item.id, 5, 2, order.orderNo);
  });

  it("an order paid after expiry with a single-use code counts that code again (no second use by anyone else)", async () => {
    const db = getDb();
    const coupon = await makeCoupon(db, { usageLimit: 1, value: 10 });
    const placedAt = new Date(Date.now() - (env().PAYMENT_WINDOW_MINUTES + 10) * MINUTE);
    const item = await oneSku(db, "CODE-LATE", 5);
    const cartId = await cartWith(db, [[item.sku, 1]], placedAt);
    await applyCoupon(db, { cartId, code: coupon.code, userId: null }, placedAt);
    const order = await place(db, cartId, checkoutInput(uniqueEmail("code-late")), placedAt);
    const intent = fake.setStatus(order.intentId ?? "", "succeeded");
    await expireUnpaidOrders(db, new Date());
    const [given] = await q<{ used_count: number }>(
      db,
      sql`select used_count from coupons where id = ${coupon.id}`,
    );
    expect(given?.used_count).toBe(0);

    expect((await deliver(fake.event("payment_intent.succeeded", intent))).status).toBe(200);

    const row = await orderByNo(db, order.orderNo);
    expect(row.status).toBe("paid");
    expect(Number(row.discount)).toBeGreaterThan(0);
    const [after] = await q<{ used_count: number }>(
      db,
      sql`select used_count from coupons where id = ${coupon.id}`,
    );
    const redemptions = await q<{ order_id: string }>(
      db,
      sql`select order_id from coupon_redemptions where coupon_id = ${coupon.id}`,
    );
    expect({ usedCount: after?.used_count, redemptions }).toEqual({
      usedCount: 1,
      redemptions: [{ order_id: row.id }],
    });
    const next = await cartWith(db, [[item.sku, 1]]);
    expect((await appError(applyCoupon(db, { cartId: next, code: coupon.code, userId: null }))).code).toBe(
      "COUPON_USAGE_LIMIT",
    );
  });
});
