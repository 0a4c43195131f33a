import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as refundsRoute } from "@/app/api/admin/orders/[orderNo]/refunds/route";
import { POST as transitionsRoute } from "@/app/api/admin/orders/[orderNo]/transitions/route";
import { databaseUrl, getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { drainJobs } from "@/lib/jobs/worker";
import { refundOrder } from "@/lib/orders/refunds";
import { refundSchema } from "@/lib/orders/schemas";
import {
  type CallOptions,
  call,
  eventsOf,
  makeToken,
  makeUser,
  newKey,
  offlineOrder,
  orderRow,
  paidCardOrder,
  refundRows,
  snapshot,
  type TestUser,
  unpaidCardOrder,
} from "./admin-support";
import {
  emailKeys,
  expectStockInvariant,
  extraPool,
  ledgerOf,
  q,
  SECRET_KEY,
  startFakeStripeEnv,
  stockOf,
} from "./checkout-support";

// Refunds and cancellations move money exactly once: the database is the judge of how much may still be
// refunded (one transaction under the order's row lock), Stripe is called afterwards with an idempotency key
// derived from the refund row, and an Idempotency-Key from the client makes a retried request a replay.

const fake = await startFakeStripeEnv();
const pool = extraPool(10);
let staff: TestUser;

beforeAll(async () => {
  expect(env().STRIPE_SECRET_KEY).toBe(SECRET_KEY);
  await pool.db.execute(sql`select 1`);
  staff = await makeUser(getDb(), "staff", "Zeynep Kaya");
});

afterAll(async () => {
  vi.restoreAllMocks();
  await pool.client.end({ timeout: 5 });
  await fake.close();
});

beforeEach(() => fake.reset());

function refund(
  orderNo: string,
  body: unknown,
  key: string | null = newKey(),
  as: CallOptions["as"] = staff,
) {
  return call(refundsRoute, `/api/admin/orders/${orderNo}/refunds`, {
    method: "POST",
    params: { orderNo },
    body,
    headers: key === null ? {} : { "idempotency-key": key },
    as,
  });
}

const stripeTotal = (intentId: string) => fake.refundsFor(intentId).reduce((sum, r) => sum + r.amount, 0);

describe("refunds of a card order", () => {
  it("a partial then a full refund reach `refunded`, each once at Stripe, in the timeline and the email queue", async () => {
    const db = getDb();
    const order = await paidCardOrder(db, fake, "RFA");
    const { total } = await orderRow(db, order.orderNo);
    const first = Math.floor(total / 3);

    const partial = await refund(order.orderNo, { amount: first, reason: "Kargoda hasar" });
    expect(partial.status).toBe(201);
    expect(partial.body).toMatchObject({
      refund: { amount: first, reason: "Kargoda hasar", actor: "Zeynep Kaya" },
      order: { status: "partially_refunded", refunded: first, refundable: total - first },
    });
    expect((await orderRow(db, order.orderNo)).status).toBe("partially_refunded");

    const rest = await refund(order.orderNo, { amount: total - first, reason: "Müşteri iadesi" });
    expect(rest.status).toBe(201);
    expect(rest.body).toMatchObject({ order: { status: "refunded", refunded: total, refundable: 0 } });

    expect(await orderRow(db, order.orderNo)).toMatchObject({ status: "refunded", refunded: total });
    const atStripe = fake.refundsFor(order.intentId);
    expect(atStripe.map((r) => r.amount)).toEqual([first, total - first]);
    const rows = await refundRows(db, order.orderNo);
    expect(rows.map((r) => r.provider_refund_id)).toEqual(atStripe.map((r) => r.id));
    const events = (await eventsOf(db, order.orderNo)).filter((e) => e.type === "refunded");
    expect(events.map((e) => [e.from_status, e.to_status, e.actor])).toEqual([
      ["paid", "partially_refunded", "Zeynep Kaya"],
      ["partially_refunded", "refunded", "Zeynep Kaya"],
    ]);
    expect((await emailKeys(db, order.orderNo)).filter((k) => k.startsWith("refunded:"))).toHaveLength(2);

    // Nothing remains: any further refund is refused and changes nothing.
    const before = await snapshot(db, order.orderNo);
    const more = await refund(order.orderNo, { amount: 1, reason: "fazla" });
    expect(more.status).toBe(422);
    expect(more.body.error?.code).toBe("REFUND_EXCEEDS_REMAINING");
    expect(await snapshot(db, order.orderNo)).toEqual(before);
    expect(fake.refundsFor(order.intentId)).toHaveLength(2);
  });

  it("a refund larger than what remains is 422 REFUND_EXCEEDS_REMAINING and changes nothing", async () => {
    const db = getDb();
    const order = await paidCardOrder(db, fake, "RFB");
    const { total } = await orderRow(db, order.orderNo);
    await refund(order.orderNo, { amount: 1000, reason: "ilk" });
    const before = await snapshot(db, order.orderNo);
    const tooMuch = await refund(order.orderNo, { amount: total - 999, reason: "fazla" });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error).toMatchObject({
      code: "REFUND_EXCEEDS_REMAINING",
      details: { refundable: total - 1000, requested: total - 999 },
    });
    expect(tooMuch.body.error?.message).toContain("iade edilebilir");
    expect(await snapshot(db, order.orderNo)).toEqual(before);
    expect(fake.refundsFor(order.intentId)).toHaveLength(1);
  });

  it("two refunds at once on separate connections never add up to more than was paid", async () => {
    const db = getDb();
    for (let round = 0; round < 3; round++) {
      const order = await paidCardOrder(db, fake, `RFC${round}`);
      const { total } = await orderRow(db, order.orderNo);
      const amount = Math.ceil(total * 0.6);
      const input = refundSchema.parse({ amount, reason: "aynı anda" });
      const context = { actor: "Zeynep Kaya", locale: "tr" as const };
      const results = await Promise.allSettled([
        refundOrder(db, order.orderNo, input, newKey(), context),
        refundOrder(pool.db, order.orderNo, input, newKey(), context),
      ]);
      const ok = results.filter((r) => r.status === "fulfilled");
      const refused = results.filter((r) => r.status === "rejected");
      expect(ok).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({
        code: "REFUND_EXCEEDS_REMAINING",
      });
      const row = await orderRow(db, order.orderNo);
      expect(row.refunded).toBe(amount);
      expect(stripeTotal(order.intentId)).toBe(amount);
      expect(await refundRows(db, order.orderNo)).toHaveLength(1);
    }
  });

  it("many refunds at once through the route: the sum refunded stays at most the total, and Stripe agrees", async () => {
    const db = getDb();
    const order = await paidCardOrder(db, fake, "RFD");
    const { total } = await orderRow(db, order.orderNo);
    const amount = Math.floor(total * 0.3);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => refund(order.orderNo, { amount, reason: "yarış" })),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 201, 201, 422, 422, 422]);
    const row = await orderRow(db, order.orderNo);
    expect(row.refunded).toBe(amount * 3);
    expect(row.refunded).toBeLessThanOrEqual(total);
    expect(row.status).toBe("partially_refunded");
    expect(stripeTotal(order.intentId)).toBe(amount * 3);
  });

  it("the same Idempotency-Key twice (one after the other, and at once) makes one refund at Stripe", async () => {
    const db = getDb();
    const order = await paidCardOrder(db, fake, "RFE");
    const key = newKey();
    const first = await refund(order.orderNo, { amount: 5000, reason: "tekrar" }, key);
    const second = await refund(order.orderNo, { amount: 5000, reason: "tekrar" }, key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect((second.body.refund as { id: string }).id).toBe((first.body.refund as { id: string }).id);
    expect(fake.refundsFor(order.intentId)).toHaveLength(1);
    expect(await refundRows(db, order.orderNo)).toHaveLength(1);
    expect((await orderRow(db, order.orderNo)).refunded).toBe(5000);

    const concurrentKey = newKey();
    const together = await Promise.all(
      Array.from({ length: 4 }, () =>
        refund(order.orderNo, { amount: 3000, reason: "birlikte" }, concurrentKey),
      ),
    );
    expect(together.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(together.map((a) => (a.body.refund as { id: string }).id)).size).toBe(1);
    expect(fake.refundsFor(order.intentId).map((r) => r.amount)).toEqual([5000, 3000]);
    expect((await orderRow(db, order.orderNo)).refunded).toBe(8000);

    const reused = await refund(order.orderNo, { amount: 4000, reason: "tekrar" }, key);
    expect(reused.status).toBe(422);
    expect(reused.body.error?.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(fake.refundsFor(order.intentId)).toHaveLength(2);
  });

  it("Stripe down: the refund is recorded, 502 is answered, and the same request again sends it once", async () => {
    const db = getDb();
    const order = await paidCardOrder(db, fake, "RFF");
    const key = newKey();
    fake.failNext("refund", 3, 500); // the SDK's first try and both of its retries
    const down = await refund(order.orderNo, { amount: 7000, reason: "stripe kapalı" }, key);
    expect(down.status).toBe(502);
    expect(down.body.error).toMatchObject({ code: "PAYMENT_PROVIDER_ERROR", details: { recorded: true } });
    expect(fake.refundsFor(order.intentId)).toHaveLength(0);
    const [pending] = await refundRows(db, order.orderNo);
    expect(pending?.provider_refund_id).toBeNull();
    expect((await orderRow(db, order.orderNo)).refunded).toBe(7000);

    const again = await refund(order.orderNo, { amount: 7000, reason: "stripe kapalı" }, key);
    expect(again.status).toBe(201);
    expect(fake.refundsFor(order.intentId).map((r) => r.amount)).toEqual([7000]);
    expect((await refundRows(db, order.orderNo))[0]?.provider_refund_id).toBe(
      fake.refundsFor(order.intentId)[0]?.id,
    );
    expect((await orderRow(db, order.orderNo)).refunded).toBe(7000);

    // The key of a recorded refund sent again with another amount is a reuse, not a second refund.
    fake.failNext("refund", 3, 500);
    const otherKey = newKey();
    expect((await refund(order.orderNo, { amount: 1000, reason: "ikinci" }, otherKey)).status).toBe(502);
    const changed = await refund(order.orderNo, { amount: 1500, reason: "ikinci" }, otherKey);
    expect(changed.status).toBe(422);
    expect(changed.body.error?.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect((await orderRow(db, order.orderNo)).refunded).toBe(8000);
    expect(fake.refundsFor(order.intentId).map((r) => r.amount)).toEqual([7000]);
  });

  it("refunding lines with restock puts the units back (ledger 'return') and computes their share", async () => {
    const db = getDb();
    const order = await paidCardOrder(db, fake, "RFG", { stock: 10, qty: 3 });
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 7, reserved: 0 });
    const answer = await refund(order.orderNo, {
      items: [{ sku: order.item.sku, qty: 2, restock: true }],
      reason: "iki adet iade",
    });
    expect(answer.status).toBe(201);
    // 30,000 per unit, no discount on this line: two units are 60,000.
    expect(answer.body).toMatchObject({
      refund: { amount: 60_000 },
      restocked: [{ sku: order.item.sku, qty: 2 }],
    });
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 9, reserved: 0 });
    expect(await ledgerOf(db, order.item.id, "return", order.orderNo)).toEqual([
      { on_hand_delta: 2, reserved_delta: 0, reference: order.orderNo },
    ]);
    // Only one unit is left to restock.
    const tooMany = await refund(order.orderNo, {
      amount: 100,
      items: [{ sku: order.item.sku, qty: 2, restock: true }],
      reason: "tekrar",
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error?.details.fields).toHaveProperty(["items.0.qty"]);
    const unknown = await refund(order.orderNo, { items: [{ sku: "NOPE-1", qty: 1 }], reason: "x" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.details.fields).toHaveProperty(["items.0.sku"]);
    await expectStockInvariant(db);
  });

  it("input rules: Idempotency-Key required (8–255), amount or items, positive integer amounts", async () => {
    const order = await paidCardOrder(getDb(), fake, "RFH");
    const cases = [
      await refund(order.orderNo, { amount: 100, reason: "anahtarsız" }, null),
      await refund(order.orderNo, { amount: 100, reason: "kısa" }, "short"),
      await refund(order.orderNo, { reason: "tutar yok" }),
      await refund(order.orderNo, { amount: -5, reason: "eksi" }),
      await refund(order.orderNo, { amount: 1.5, reason: "kesir" }),
      await refund(order.orderNo, { amount: 100 }),
    ];
    expect(cases.map((c) => c.status)).toEqual([400, 400, 400, 400, 400, 400]);
    expect(cases[0]?.body.error?.details.fields).toHaveProperty(["Idempotency-Key"]);
    expect(cases[2]?.body.error?.details.fields).toHaveProperty(["amount"]);
    expect(fake.refundsFor(order.intentId)).toHaveLength(0);
    const missing = await refund("SF-2026-999999", { amount: 100, reason: "yok" });
    expect(missing.status).toBe(404);
    expect(missing.body.error?.code).toBe("ORDER_NOT_FOUND");
  });

  it("an unpaid order cannot be refunded (409 INVALID_TRANSITION) and an offline one is recorded only", async () => {
    const db = getDb();
    const unpaid = await unpaidCardOrder(db, "RFI");
    const refused = await refund(unpaid.orderNo, { amount: 100, reason: "ödenmedi" });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: "INVALID_TRANSITION",
      details: { from: "pending_payment" },
    });

    const offline = await offlineOrder(db, "RFJ");
    const confirm = await call(transitionsRoute, `/api/admin/orders/${offline.orderNo}/transitions`, {
      method: "POST",
      params: { orderNo: offline.orderNo },
      body: { to: "processing" },
      as: staff,
    });
    expect(confirm.status).toBe(200);
    const recorded = await refund(offline.orderNo, { amount: 1000, reason: "havale ile iade" });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({
      refund: { providerRefundId: null },
      order: { status: "partially_refunded" },
    });
    expect(fake.requests.filter((r) => r.path.startsWith("/v1/refunds"))).toHaveLength(0);
  });

  it("an API token's refund is in the timeline under the token's name", async () => {
    const db = getDb();
    const order = await paidCardOrder(db, fake, "RFK");
    const token = await makeToken(db, "Muhasebe ERP");
    const answer = await refund(order.orderNo, { amount: 2500, reason: "ERP" }, newKey(), token);
    expect(answer.status).toBe(201);
    expect((await eventsOf(db, order.orderNo)).at(-1)).toMatchObject({
      type: "refunded",
      actor: "Muhasebe ERP",
    });
    expect((await refundRows(db, order.orderNo))[0]?.actor).toBe("Muhasebe ERP");
  });
});

describe("cancellations", () => {
  function cancel(orderNo: string, note?: string) {
    return call(transitionsRoute, `/api/admin/orders/${orderNo}/transitions`, {
      method: "POST",
      params: { orderNo },
      body: { to: "cancelled", ...(note ? { note } : {}) },
      as: staff,
    });
  }

  it("a paid card order: stock back on the shelf (ledger 'return'), the whole amount refunded once at Stripe", async () => {
    const db = getDb();
    const order = await paidCardOrder(db, fake, "CNA", { stock: 8, qty: 3 });
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 5, reserved: 0 });
    const { total } = await orderRow(db, order.orderNo);

    const answer = await cancel(order.orderNo, "müşteri vazgeçti");
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      from: "paid",
      order: { status: "cancelled", totals: { refunded: total, refundable: 0 } },
      refund: { amount: total, sentToProvider: true },
    });
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 8, reserved: 0 });
    expect(await ledgerOf(db, order.item.id, "return", order.orderNo)).toEqual([
      { on_hand_delta: 3, reserved_delta: 0, reference: order.orderNo },
    ]);
    expect(fake.refundsFor(order.intentId).map((r) => r.amount)).toEqual([total]);
    const stripeKeys = fake.requests.filter((r) => r.path === "/v1/refunds").map((r) => r.idempotencyKey);
    expect(stripeKeys).toEqual([`refund:${(await refundRows(db, order.orderNo))[0]?.id}`]);
    expect((await eventsOf(db, order.orderNo)).find((e) => e.type === "cancelled")).toMatchObject({
      from_status: "paid",
      to_status: "cancelled",
      actor: "Zeynep Kaya",
      note: "müşteri vazgeçti",
    });
    await expectStockInvariant(db);

    // Cancelling again is refused and nothing moves twice.
    const again = await cancel(order.orderNo);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: "INVALID_TRANSITION",
      details: { from: "cancelled", to: "cancelled" },
    });
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 8, reserved: 0 });
    expect(fake.refundsFor(order.intentId)).toHaveLength(1);
  });

  it("two cancellations at once: one wins, stock comes back once, one refund", async () => {
    const db = getDb();
    const order = await paidCardOrder(db, fake, "CNB", { stock: 6, qty: 2 });
    const answers = await Promise.all([cancel(order.orderNo), cancel(order.orderNo), cancel(order.orderNo)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 6, reserved: 0 });
    expect(fake.refundsFor(order.intentId)).toHaveLength(1);
    await expectStockInvariant(db);
  });

  it("an unpaid card order: its holds are released and its PaymentIntent cancelled", async () => {
    const db = getDb();
    const order = await unpaidCardOrder(db, "CNC", { stock: 4, qty: 3 });
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 4, reserved: 3 });
    const answer = await cancel(order.orderNo);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ from: "pending_payment", order: { status: "cancelled" } });
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 4, reserved: 0 });
    expect(fake.intent(order.intentId)?.status).toBe("canceled");
    expect(await ledgerOf(db, order.item.id, "release", order.orderNo)).toHaveLength(1);
    expect(fake.requests.filter((r) => r.path.startsWith("/v1/refunds"))).toHaveLength(0);
    await expectStockInvariant(db);
  });

  it("Stripe refusing the cancellation's refund leaves it recorded and pending, and a retry sends it once", async () => {
    const db = getDb();
    const order = await paidCardOrder(db, fake, "CND");
    const { total } = await orderRow(db, order.orderNo);
    fake.failNext("refund", 3, 500);
    const answer = await cancel(order.orderNo);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ order: { status: "cancelled" }, refund: { sentToProvider: false } });
    expect((answer.body.order as { refunds: { state: string }[] }).refunds.map((r) => r.state)).toEqual([
      "pending",
    ]);
    const { retryPendingRefunds } = await import("@/lib/orders/refunds");
    expect(await retryPendingRefunds(db, order.orderNo)).toBe(1);
    expect(await retryPendingRefunds(db, order.orderNo)).toBe(0);
    expect(fake.refundsFor(order.intentId).map((r) => r.amount)).toEqual([total]);
  });

  it("the queue's recurring retry_refunds job sends a refund Stripe refused, once", async () => {
    const db = getDb();
    const order = await paidCardOrder(db, fake, "CNR");
    const { total } = await orderRow(db, order.orderNo);
    fake.failNext("refund", 3, 500);
    expect((await cancel(order.orderNo)).body).toMatchObject({ refund: { sentToProvider: false } });
    expect(fake.refundsFor(order.intentId)).toHaveLength(0);
    const runRetry = async () => {
      await db.execute(sql`select graphile_worker.add_job('retry_refunds')`);
      await drainJobs({ connectionString: databaseUrl() });
    };
    await runRetry();
    await runRetry();
    expect(fake.refundsFor(order.intentId).map((r) => r.amount)).toEqual([total]);
    expect((await refundRows(db, order.orderNo)).every((r) => r.provider_refund_id)).toBe(true);
  });

  it("a shipped order cannot be cancelled (refund it instead)", async () => {
    const db = getDb();
    const order = await paidCardOrder(db, fake, "CNE");
    for (const body of [
      { to: "processing" },
      { to: "shipped", carrier: "Yurtiçi Kargo", trackingNo: "YK123456789" },
    ]) {
      const moved = await call(transitionsRoute, `/api/admin/orders/${order.orderNo}/transitions`, {
        method: "POST",
        params: { orderNo: order.orderNo },
        body,
        as: staff,
      });
      expect(moved.status).toBe(200);
    }
    const before = await snapshot(db, order.orderNo);
    const answer = await cancel(order.orderNo);
    expect(answer.status).toBe(409);
    expect(answer.body.error?.details).toMatchObject({ from: "shipped", to: "cancelled" });
    expect(await snapshot(db, order.orderNo)).toEqual(before);
    const rows = await q<{ n: number }>(
      db,
      sql`select count(*)::int as n from refunds r join orders o on o.id = r.order_id
      where o.order_no = ${order.orderNo}`,
    );
    expect(rows[0]?.n).toBe(0);
  });
});
