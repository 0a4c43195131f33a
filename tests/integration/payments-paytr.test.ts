import { createHmac } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as webhookRoute } from "@/app/api/webhooks/paytr/route";
import { retryPayment } from "@/lib/checkout/service";
import { getDb } from "@/lib/db";
import { refundOrder } from "@/lib/orders/refunds";
import { confirmFromProvider, expireUnpaidOrders } from "@/lib/payments/events";
import { savePaymentSettings } from "@/lib/payments/settings";
import { PAYTR_TEST_CARDS } from "@/tests/support/fake-paytr";
import {
  appError,
  cartRows,
  cartWith,
  checkoutInput,
  countRows,
  emailKeys,
  expectStockInvariant,
  extraPool,
  ledgerOf,
  MINUTE,
  oneSku,
  orderByNo,
  paymentOf,
  place,
  q,
  reservationsOf,
  stockOf,
  timelineOf,
  uniqueEmail,
} from "./checkout-support";
import {
  asDecimal,
  askInstallments,
  FORM,
  PAYTR_KEYS,
  post,
  STORE_URL,
  startFakePaytrEnv,
} from "./payments-support";

// Card payments through PayTR's iFrame API, on a store started with only PayTR's keys and PAYTR_BASE_URL
// pointing at a fake PayTR (tests/support/fake-paytr.ts). PayTR posts the result to the store (a form signed
// with `hash`, answered with the plain text OK); the shopper's return reads the payment back through the
// status inquiry. Whatever arrives first, twice or at the same time, the order moves once (guarantees 4, 9).

const fake = await startFakePaytrEnv();
const pool = extraPool(30);

afterAll(async () => {
  await pool.client.end({ timeout: 5 });
  await fake.close();
});

beforeEach(() => fake.reset());

/** PayTR's documented test card, and two of the fake's failing ones (see PAYTR_TEST_CARDS). */
const CARDS = {
  ok: "4355084355084358",
  insufficientFunds: "4355080000000518",
  cancelledByShopper: "4355080000000062",
};

/** 1250 → "12.50": how PayTR takes refund amounts. */

/** The notification's `hash`, from the documented formula (iFrame API step 2), not from the store's code. */
const hashOf = (fields: Record<string, string>) =>
  createHmac("sha256", PAYTR_KEYS.merchantKey)
    .update(`${fields.merchant_oid}${PAYTR_KEYS.merchantSalt}${fields.status}${fields.total_amount}`)
    .digest("base64");

/** The fields with some changed and the hash computed again over them, form-encoded. */
function resigned(fields: Record<string, string>, changes: Record<string, string>): string {
  const next: Record<string, string> = { ...fields, ...changes };
  next.hash = hashOf(next);
  return new URLSearchParams(next).toString();
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** A card order of `qty` units of a fresh SKU with `stock` units; its iframe token and merchant_oid. */
async function paytrOrder(
  prefix: string,
  stock: number,
  qty: number,
  options: { at?: Date; installments?: number } = {},
) {
  const db = getDb();
  const item = await oneSku(db, prefix, stock);
  const cartId = await cartWith(db, [[item.sku, qty]], options.at);
  const email = uniqueEmail(prefix.toLowerCase());
  const placed = await place(
    db,
    cartId,
    checkoutInput(email, { installments: options.installments }),
    options.at,
  );
  const payment = placed.result.payment;
  if (payment.provider !== "paytr") throw new Error("not a PayTR payment");
  return { item, cartId, email, ...placed, token: payment.iframeToken, oid: placed.intentId ?? "" };
}

const notify = (body: string) => post(webhookRoute, "/api/webhooks/paytr", body, FORM);
const deliver = (oid: string) => notify(fake.notification(oid).body);

async function webhookRows(oid: string) {
  return q<{ status: string; type: string; error: string | null }>(
    getDb(),
    sql`select status, type, error from webhook_events where provider = 'paytr'
      and payload->>'merchant_oid' = ${oid} order by received_at`,
  );
}

async function paymentRows(orderNo: string) {
  return q<{
    attempt: number;
    provider: string;
    status: string;
    provider_payment_id: string | null;
    amount: string;
    paid_amount: string | null;
    installments: number | null;
    failure_reason: string | null;
    failure_code: string | null;
    failure_message: string | null;
  }>(
    getDb(),
    sql`select p.attempt, p.provider, p.status, p.provider_payment_id, p.amount, p.paid_amount, p.installments,
        p.failure_reason, p.failure_code, p.failure_message
      from payments p join orders o on o.id = p.order_id where o.order_no = ${orderNo} order by p.attempt`,
  );
}

const emails = async (orderNo: string, kind: string) =>
  (await emailKeys(getDb(), orderNo)).filter((key) => key.startsWith(`${kind}:`));

const events = async (orderNo: string, type: string) =>
  (await timelineOf(getDb(), orderNo)).filter((event) => event.type === type);

describe("PayTR: checkout opens an iframe token", () => {
  it("answers the iframe token; get-token asked for the order's total in kuruş, with the order page to come back to", async () => {
    const db = getDb();
    const order = await paytrOrder("PTR-OPEN", 5, 3);
    expect(order.result.payment).toEqual({
      provider: "paytr",
      iframeToken: expect.stringMatching(/^\S+$/),
      iframeUrl: `${fake.url}/odeme/guvenli/${order.token}`,
    });
    const total = Number((await orderByNo(db, order.orderNo)).total);
    const sent = fake.tokens();
    expect(sent.map((t) => t.token)).toEqual([order.token]);
    const request = sent[0]?.request ?? {};
    expect(request.payment_amount).toBe(String(total));
    expect(request.merchant_oid).toMatch(/^[A-Za-z0-9]{1,64}$/);
    expect(request).toMatchObject({
      merchant_id: PAYTR_KEYS.merchantId,
      email: order.email,
      currency: "TL",
      merchant_ok_url: `${STORE_URL}/orders/${order.orderNo}?payment=return`,
      merchant_fail_url: `${STORE_URL}/orders/${order.orderNo}?payment=return`,
      // The store's policy (12 by default) with no count chosen.
      no_installment: "0",
      max_installment: "12",
    });
    // user_basket: base64 of JSON [name, unit price as decimal text, quantity] (the fake parsed it too).
    const basket = JSON.parse(Buffer.from(request.user_basket ?? "", "base64").toString("utf8"));
    expect(basket).toEqual(sent[0]?.basket);
    expect(basket[0]).toEqual([expect.stringContaining("deneme"), asDecimal(order.item.price), 3]);
    // Without a discount the basket (goods, shipping, fees) adds up to what is charged.
    const kurus = (text: string) => Math.round(Number(text) * 100);
    expect(
      (basket as [string, string, number][]).reduce((sum, [, price, qty]) => sum + kurus(price) * qty, 0),
    ).toBe(total);
    // The fake recomputed paytr_token over what it received and accepted it.
    expect(fake.requests().filter((r) => r.path === "/odeme/api/get-token")).toEqual([
      { method: "POST", path: "/odeme/api/get-token", authorized: true },
    ]);
    expect(await paymentOf(db, order.orderNo)).toMatchObject({
      provider: "paytr",
      provider_payment_id: request.merchant_oid,
      status: "requires_payment",
      amount: String(total),
      session: order.result.payment,
    });
    expect(order.oid).toBe(request.merchant_oid);
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 5, reserved: 3 });
  });

  it("PayTR down: 502 PAYMENT_PROVIDER_ERROR, the holds released, the cart refilled, the order cancelled", async () => {
    const db = getDb();
    const item = await oneSku(db, "PTR-DOWN", 4);
    const cartId = await cartWith(db, [[item.sku, 2]]);
    const cartBefore = await cartRows(db, cartId);
    fake.setDown(true);
    const email = uniqueEmail("ptr-down");
    const error = await appError(place(db, cartId, checkoutInput(email)));
    expect([error.code, error.status]).toEqual(["PAYMENT_PROVIDER_ERROR", 502]);
    expect(await stockOf(db, item.id)).toEqual({ onHand: 4, reserved: 0 });
    expect((await reservationsOf(db, item.id)).filter((r) => r.status === "active" && r.order_id)).toEqual(
      [],
    );
    expect(await cartRows(db, cartId)).toEqual(cartBefore);
    const [order] = await q<{ status: string; order_no: string }>(
      db,
      sql`select status, order_no from orders where email = ${email}`,
    );
    expect(order?.status).toBe("cancelled");
    expect((await paymentOf(db, order?.order_no ?? "")).status).toBe("failed");
    expect(fake.tokens()).toEqual([]);
    await expectStockInvariant(db);
  });

  it("PayTR refusing the token is a 502 too, and nothing stays held", async () => {
    const db = getDb();
    const item = await oneSku(db, "PTR-REFUSE", 3);
    const cartId = await cartWith(db, [[item.sku, 1]]);
    fake.failNext("/odeme/api/get-token", { status: "failed", reason: "Zorunlu alan degeri gecersiz" });
    const error = await appError(place(db, cartId, checkoutInput(uniqueEmail("ptr-refuse"))));
    expect(error.code).toBe("PAYMENT_PROVIDER_ERROR");
    expect(await stockOf(db, item.id)).toEqual({ onHand: 3, reserved: 0 });
  });

  it("single payment only (the store's policy 1): the token forbids installments", async () => {
    const db = getDb();
    await savePaymentSettings(db, { cardProvider: null, maxInstallments: 1 }, "test");
    try {
      await paytrOrder("PTR-SINGLE", 2, 1);
      expect(fake.tokens()[0]?.request).toMatchObject({ no_installment: "1", max_installment: "0" });
    } finally {
      await savePaymentSettings(db, { cardProvider: null, maxInstallments: 12 }, "test");
    }
  });
});

describe("PayTR: the notification lands once", () => {
  it("after paying: 200 with exactly OK as text/plain; paid, stock committed once, one email; repeats change nothing", async () => {
    const db = getDb();
    const order = await paytrOrder("PTR-PAY", 6, 2);
    const total = Number((await orderByNo(db, order.orderNo)).total);
    await fake.pay(order.token);
    const answer = await deliver(order.oid);
    expect(answer.status).toBe(200);
    expect(answer.text).toBe("OK");
    expect(answer.contentType).toMatch(/^text\/plain(;|$)/);
    expect((await orderByNo(db, order.orderNo)).status).toBe("paid");
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 4, reserved: 0 });
    expect(await ledgerOf(db, order.item.id, "commit", order.orderNo)).toHaveLength(1);
    expect(await emails(order.orderNo, "payment_confirmed")).toEqual([`payment_confirmed:${order.orderNo}`]);
    expect(await events(order.orderNo, "payment_succeeded")).toEqual([
      { type: "payment_succeeded", from_status: "pending_payment", to_status: "paid" },
    ]);
    expect(await paymentRows(order.orderNo)).toMatchObject([
      { provider: "paytr", status: "succeeded", paid_amount: String(total), failure_reason: null },
    ]);
    expect(await webhookRows(order.oid)).toEqual([
      { status: "applied", type: "payment:success", error: null },
    ]);

    // PayTR repeats a notification until it reads OK: every repeat is acknowledged and is the same message.
    for (let i = 0; i < 3; i++) expect(await deliver(order.oid)).toMatchObject({ status: 200, text: "OK" });
    expect(await webhookRows(order.oid)).toHaveLength(1);
    expect(await ledgerOf(db, order.item.id, "commit", order.orderNo)).toHaveLength(1);
    expect(await emails(order.orderNo, "payment_confirmed")).toHaveLength(1);
    await expectStockInvariant(db);
  });

  it("the notification ×10 at once and the return ×5 on other connections: one transition, one email, one commit", async () => {
    const db = getDb();
    const order = await paytrOrder("PTR-RACE", 8, 3);
    await fake.pay(order.token);
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, () => deliver(order.oid)),
      ...Array.from({ length: 5 }, () => confirmFromProvider(pool.db, order.orderNo).then(() => null)),
    ]);
    for (const answer of answers.slice(0, 10)) expect(answer).toMatchObject({ status: 200, text: "OK" });
    expect(await events(order.orderNo, "payment_succeeded")).toEqual([
      { type: "payment_succeeded", from_status: "pending_payment", to_status: "paid" },
    ]);
    expect(await emails(order.orderNo, "payment_confirmed")).toEqual([`payment_confirmed:${order.orderNo}`]);
    expect(await ledgerOf(db, order.item.id, "commit", order.orderNo)).toHaveLength(1);
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 5, reserved: 0 });
    expect(await webhookRows(order.oid)).toMatchObject([{ status: "applied" }]);
    await expectStockInvariant(db);
  });

  it("bad, missing or wrong-key hash and a total_amount changed without signing: 400, nothing stored, order untouched", async () => {
    const db = getDb();
    const order = await paytrOrder("PTR-FORGE", 3, 1);
    await fake.pay(order.token);
    const genuine = fake.notification(order.oid);
    const { hash: _hash, ...unsigned } = genuine.fields;
    const wrongKey = createHmac("sha256", "not-the-merchant-key")
      .update(`${order.oid}${PAYTR_KEYS.merchantSalt}success${genuine.fields.total_amount}`)
      .digest("base64");
    const before = await countRows(db, "webhook_events");
    const forged = [
      form({ ...genuine.fields, hash: "A".repeat(44) }),
      form({ ...genuine.fields, hash: wrongKey }),
      form(unsigned),
      form({ ...genuine.fields, hash: "" }),
      form({ ...genuine.fields, total_amount: String(Number(genuine.fields.total_amount) - 1000) }),
      form({ ...genuine.fields, status: "failed" }),
      "",
    ];
    for (const body of forged) {
      const answer = await notify(body);
      expect(answer.status, body).toBe(400);
      expect(JSON.parse(answer.text).error.code).toBe("WEBHOOK_SIGNATURE_INVALID");
    }
    expect(await countRows(db, "webhook_events")).toBe(before);
    expect((await orderByNo(db, order.orderNo)).status).toBe("pending_payment");
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 3, reserved: 1 });
    expect(await paymentOf(db, order.orderNo)).toMatchObject({ status: "requires_payment" });
    expect(await timelineOf(db, order.orderNo)).toHaveLength(1);

    // The genuine one still works.
    expect(await notify(genuine.body)).toMatchObject({ status: 200, text: "OK" });
    expect((await orderByNo(db, order.orderNo)).status).toBe("paid");
  });

  it("correctly signed but for less money, or in another currency: never paid, recorded and rejected; the genuine one pays", async () => {
    const db = getDb();
    const order = await paytrOrder("PTR-AMOUNT", 3, 1);
    await fake.pay(order.token);
    const genuine = fake.notification(order.oid).fields;
    const total = Number((await orderByNo(db, order.orderNo)).total);
    expect(genuine.total_amount).toBe(String(total));
    const lower = String(total - 100);
    const tampered = [
      // total_amount (the signed figure) lower than the order's total.
      resigned(genuine, { total_amount: lower }),
      // …and payment_amount with it (the same figure: recorded once).
      resigned(genuine, { total_amount: lower, payment_amount: lower }),
      // Another currency (not covered by the hash; the signature stays PayTR's).
      resigned(genuine, { currency: "USD" }),
    ];
    for (const body of tampered) expect(await notify(body)).toMatchObject({ status: 200, text: "OK" });

    expect((await orderByNo(db, order.orderNo)).status).toBe("pending_payment");
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 3, reserved: 1 });
    expect(await paymentOf(db, order.orderNo)).toMatchObject({ status: "requires_payment" });
    expect(await events(order.orderNo, "payment_succeeded")).toEqual([]);
    // One entry per figure: the lower amount (twice) and the dollars.
    expect(await events(order.orderNo, "payment_amount_mismatch")).toHaveLength(2);
    expect((await webhookRows(order.oid)).map((row) => row.status)).toEqual([
      "rejected",
      "rejected",
      "rejected",
    ]);
    expect(await emails(order.orderNo, "payment_confirmed")).toEqual([]);

    expect(await deliver(order.oid)).toMatchObject({ status: 200, text: "OK" });
    expect((await orderByNo(db, order.orderNo)).status).toBe("paid");
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 2, reserved: 0 });
    expect((await webhookRows(order.oid)).at(-1)).toMatchObject({ status: "applied" });
  });

  it("a signed notification for an order the store does not know is acknowledged and ignored", async () => {
    const fields = {
      merchant_oid: "SF2099999999P1",
      status: "success",
      total_amount: "10000",
      payment_amount: "10000",
      currency: "TL",
    };
    const answer = await notify(resigned(fields, {}));
    expect(answer).toMatchObject({ status: 200, text: "OK" });
    expect(await webhookRows(fields.merchant_oid)).toMatchObject([{ status: "ignored" }]);
  });
});

describe("PayTR: failures and retries", () => {
  it.each([
    ["insufficient funds", CARDS.insufficientFunds, "insufficient_funds", "0"],
    ["the shopper gave up on the page", CARDS.cancelledByShopper, "cancelled", "6"],
  ])(
    "%s: payment_failed with the reason, holds released, one email; a retry opens a new merchant_oid and pays",
    async (_, card, reason, code) => {
      const db = getDb();
      const order = await paytrOrder("PTR-FAIL", 4, 2);
      expect(await fake.pay(order.token, { card })).toMatchObject({ status: "failed" });
      expect(await deliver(order.oid)).toMatchObject({ status: 200, text: "OK" });
      expect((await orderByNo(db, order.orderNo)).status).toBe("payment_failed");
      expect(await paymentRows(order.orderNo)).toMatchObject([
        {
          status: "failed",
          failure_reason: reason,
          failure_code: code,
          failure_message: PAYTR_TEST_CARDS[card]?.failedReasonMsg,
        },
      ]);
      expect(await stockOf(db, order.item.id)).toEqual({ onHand: 4, reserved: 0 });
      expect(await emails(order.orderNo, "payment_failed")).toHaveLength(1);
      expect(await events(order.orderNo, "payment_failed")).toEqual([
        { type: "payment_failed", from_status: "pending_payment", to_status: "payment_failed" },
      ]);
      expect(await webhookRows(order.oid)).toMatchObject([{ status: "applied", type: "payment:failed" }]);
      // PayTR repeats it: nothing more.
      expect(await deliver(order.oid)).toMatchObject({ status: 200, text: "OK" });
      expect(await emails(order.orderNo, "payment_failed")).toHaveLength(1);

      const session = await retryPayment(db, order.orderNo);
      if (session.provider !== "paytr") throw new Error(`retry went to ${session.provider}`);
      expect(session.iframeToken).not.toBe(order.token);
      const tokens = fake.tokens();
      expect(tokens).toHaveLength(2);
      const retried = tokens[1];
      expect(retried?.token).toBe(session.iframeToken);
      expect(retried?.merchantOid).not.toBe(order.oid);
      expect(retried?.merchantOid).toMatch(/^[A-Za-z0-9]{1,64}$/);
      expect(retried?.request.payment_amount).toBe(tokens[0]?.request.payment_amount);
      expect((await paymentOf(db, order.orderNo)).provider_payment_id).toBe(retried?.merchantOid);
      expect(await stockOf(db, order.item.id)).toEqual({ onHand: 4, reserved: 2 });

      await fake.pay(session.iframeToken);
      expect(await deliver(retried?.merchantOid ?? "")).toMatchObject({ status: 200, text: "OK" });
      expect((await orderByNo(db, order.orderNo)).status).toBe("paid");
      expect(await stockOf(db, order.item.id)).toEqual({ onHand: 2, reserved: 0 });
      expect(await ledgerOf(db, order.item.id, "commit", order.orderNo)).toHaveLength(1);
      expect(await emails(order.orderNo, "payment_confirmed")).toHaveLength(1);
      const [first, second] = await paymentRows(order.orderNo);
      // The failed attempt keeps why it failed (given up at the retry: "canceled" today).
      expect(first).toMatchObject({ attempt: 1, failure_reason: reason, provider_payment_id: order.oid });
      expect(["failed", "canceled"]).toContain(first?.status);
      expect(second).toMatchObject({
        attempt: 2,
        status: "succeeded",
        provider_payment_id: retried?.merchantOid,
      });
      await expectStockInvariant(db);
    },
  );

  it("the shopper's return (status inquiry) racing the notification: one transition; alone it finishes the order", async () => {
    const db = getDb();
    const order = await paytrOrder("PTR-RETURN", 5, 1);
    // Back before paying: PayTR knows no successful payment yet, nothing moves.
    await confirmFromProvider(db, order.orderNo);
    expect((await orderByNo(db, order.orderNo)).status).toBe("pending_payment");

    await fake.pay(order.token);
    const answers = await Promise.all([
      confirmFromProvider(db, order.orderNo).then(() => null),
      deliver(order.oid),
      confirmFromProvider(pool.db, order.orderNo).then(() => null),
      deliver(order.oid),
      confirmFromProvider(pool.db, order.orderNo).then(() => null),
    ]);
    for (const answer of answers.filter(Boolean)) expect(answer).toMatchObject({ status: 200, text: "OK" });
    expect(await events(order.orderNo, "payment_succeeded")).toHaveLength(1);
    expect(await emails(order.orderNo, "payment_confirmed")).toHaveLength(1);
    expect(await ledgerOf(db, order.item.id, "commit", order.orderNo)).toHaveLength(1);
    expect(
      fake.requests().filter((r) => r.path === "/odeme/durum-sorgu" && r.authorized).length,
    ).toBeGreaterThanOrEqual(3);

    // The return alone (no notification ever) pays an order, from PayTR's answer.
    const quiet = await paytrOrder("PTR-RETURN-ONLY", 2, 1);
    await fake.pay(quiet.token);
    await confirmFromProvider(db, quiet.orderNo);
    expect((await orderByNo(db, quiet.orderNo)).status).toBe("paid");
    const total = Number((await orderByNo(db, quiet.orderNo)).total);
    expect(await paymentRows(quiet.orderNo)).toMatchObject([
      { status: "succeeded", paid_amount: String(total) },
    ]);
    // The notification coming later finds it done.
    expect(await deliver(quiet.oid)).toMatchObject({ status: 200, text: "OK" });
    expect(await webhookRows(quiet.oid)).toMatchObject([{ status: "ignored" }]);
    expect(await emails(quiet.orderNo, "payment_confirmed")).toHaveLength(1);
  });

  it("paid after the window closed and the stock was sold: cancelled, refunded through PayTR exactly once", async () => {
    const db = getDb();
    const past = new Date(Date.now() - 2 * 60 * MINUTE);
    const order = await paytrOrder("PTR-LATE", 1, 1, { at: past });
    expect(await expireUnpaidOrders(db)).toBeGreaterThanOrEqual(1);
    expect((await orderByNo(db, order.orderNo)).status).toBe("cancelled");
    const rival = await cartWith(db, [[order.item.sku, 1]]);
    await place(db, rival, checkoutInput(uniqueEmail("rival"), { paymentMethod: "cash_on_delivery" }));

    await fake.pay(order.token);
    const answers = await Promise.all([
      deliver(order.oid),
      deliver(order.oid),
      deliver(order.oid),
      confirmFromProvider(pool.db, order.orderNo).then(() => null),
      confirmFromProvider(db, order.orderNo).then(() => null),
    ]);
    for (const answer of answers.filter(Boolean)) expect(answer).toMatchObject({ status: 200, text: "OK" });
    const placed = await orderByNo(db, order.orderNo);
    expect(placed.status).toBe("cancelled");
    const total = Number(placed.total);
    expect(Number(placed.refunded)).toBe(total);
    expect(fake.refunds()).toEqual([
      {
        merchantOid: order.oid,
        returnAmount: asDecimal(total),
        referenceNo: expect.stringMatching(/^[A-Za-z0-9]+$/),
      },
    ]);
    expect(fake.payment(order.oid)).toMatchObject({ status: "success", refunded: total });
    const refunds = await q<{ reason: string; provider_refund_id: string | null; amount: string }>(
      db,
      sql`select r.reason, r.provider_refund_id, r.amount from refunds r join orders o on o.id = r.order_id
        where o.order_no = ${order.orderNo}`,
    );
    expect(refunds).toEqual([
      { reason: "stock_unavailable", provider_refund_id: expect.any(String), amount: String(total) },
    ]);
    expect(await events(order.orderNo, "auto_refunded")).toHaveLength(1);
    expect(await emails(order.orderNo, "payment_confirmed")).toEqual([]);
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 0, reserved: 0 });
    await expectStockInvariant(db);
  });
});

/** The first refund call reaches PayTR (which makes the refund) but its answer never comes back. */
function loseFirstRefundAnswer() {
  const realFetch = globalThis.fetch;
  let lost = 0;
  return vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const answer = await realFetch(input, init);
    if (String(input).endsWith("/odeme/iade") && lost++ === 0) {
      await answer.text();
      throw new TypeError("fetch failed (the answer was lost)");
    }
    return answer;
  });
}

describe("PayTR: refunds from the admin refund flow", () => {
  const staff = { actor: "Zeynep Kaya", locale: "tr" as const };

  async function paidOrder(prefix: string, qty = 2) {
    const order = await paytrOrder(prefix, 5, qty);
    await fake.pay(order.token);
    expect(await deliver(order.oid)).toMatchObject({ status: 200, text: "OK" });
    expect((await orderByNo(getDb(), order.orderNo)).status).toBe("paid");
    return order;
  }

  const refundRows = (orderNo: string) =>
    q<{ id: string; amount: string; provider_refund_id: string | null }>(
      getDb(),
      sql`select r.id, r.amount, r.provider_refund_id from refunds r join orders o on o.id = r.order_id
        where o.order_no = ${orderNo} order by r.created_at, r.id`,
    );

  it("a partial refund by line then the rest reach PayTR as those amounts in decimal text, each with its own reference", async () => {
    const db = getDb();
    const order = await paidOrder("PTR-REFUND");
    const total = Number((await orderByNo(db, order.orderNo)).total);
    const first = await refundOrder(
      db,
      order.orderNo,
      { items: [{ sku: order.item.sku, qty: 1, restock: true }], reason: "Hasarlı" },
      "k-1",
      staff,
    );
    expect(first.status).toBe(201);
    const part = first.body.refund.amount;
    expect(part).toBe(order.item.price);
    const rest = await refundOrder(
      db,
      order.orderNo,
      { amount: total - part, reason: "Kalan" },
      "k-2",
      staff,
    );
    expect(rest.body.order).toMatchObject({ status: "refunded", refundable: 0 });

    const rows = await refundRows(order.orderNo);
    expect(rows.map((r) => Number(r.amount))).toEqual([part, total - part]);
    const sent = fake.refunds();
    expect(sent).toEqual(
      rows.map((row) => ({
        merchantOid: order.oid,
        returnAmount: asDecimal(Number(row.amount)),
        referenceNo: row.id.replace(/_/g, ""),
      })),
    );
    for (const refund of sent) {
      expect(refund.returnAmount).toMatch(/^\d+\.\d{2}$/);
      expect(refund.referenceNo).toMatch(/^[A-Za-z0-9]{1,64}$/);
    }
    for (const row of rows) expect(row.provider_refund_id).not.toBeNull();
    expect(fake.payment(order.oid)?.refunded).toBe(total);
    expect((await orderByNo(db, order.orderNo)).status).toBe("refunded");
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 4, reserved: 0 });

    // The same request again is answered from the record and sends nothing.
    const again = await refundOrder(
      db,
      order.orderNo,
      { amount: total - part, reason: "Kalan" },
      "k-2",
      staff,
    );
    expect(again.replayed).toBe(true);
    expect(fake.refunds()).toHaveLength(2);
  });

  it("PayTR refusing a refund: recorded, 502, and the same request again sends it once", async () => {
    const db = getDb();
    const order = await paidOrder("PTR-REFUSED");
    fake.failNext("/odeme/iade", { status: "error", err_no: "009", err_msg: "Iade yapilamadi" });
    const error = await appError(
      refundOrder(db, order.orderNo, { amount: 1250, reason: "Kısmi" }, "k-1", staff),
    );
    expect([error.code, error.status]).toEqual(["PAYMENT_PROVIDER_ERROR", 502]);
    expect(fake.refunds()).toEqual([]);
    expect(await refundRows(order.orderNo)).toMatchObject([{ amount: "1250", provider_refund_id: null }]);

    const again = await refundOrder(db, order.orderNo, { amount: 1250, reason: "Kısmi" }, "k-1", staff);
    expect(again.status).toBe(201);
    expect(fake.refunds().map((r) => r.returnAmount)).toEqual(["12.50"]);
    const [row] = await refundRows(order.orderNo);
    expect(row?.provider_refund_id).not.toBeNull();
    expect(fake.refunds()[0]?.referenceNo).toBe(row?.id.replace(/_/g, ""));
    expect((await orderByNo(db, order.orderNo)).refunded).toBe("1250");

    const third = await refundOrder(db, order.orderNo, { amount: 1250, reason: "Kısmi" }, "k-1", staff);
    expect(third.replayed).toBe(true);
    expect(fake.refunds()).toHaveLength(1);
  });

  it("a refund PayTR took whose answer was lost: 502, and sent again it is found at PayTR, not made twice", async () => {
    const db = getDb();
    const order = await paidOrder("PTR-LOST");
    const spy = loseFirstRefundAnswer();
    try {
      const error = await appError(
        refundOrder(db, order.orderNo, { amount: 2000, reason: "Kısmi" }, "k-1", staff),
      );
      expect([error.code, error.status]).toEqual(["PAYMENT_PROVIDER_ERROR", 502]);
      expect(fake.refunds().map((r) => r.returnAmount)).toEqual(["20.00"]);
      expect(await refundRows(order.orderNo)).toMatchObject([{ provider_refund_id: null }]);
      // The same request again: PayTR's status inquiry lists the refund by its reference, so it is not sent.
      const again = await refundOrder(db, order.orderNo, { amount: 2000, reason: "Kısmi" }, "k-1", staff);
      expect(again.status).toBe(201);
    } finally {
      spy.mockRestore();
    }
    expect(fake.refunds()).toHaveLength(1);
    expect(fake.requests().filter((r) => r.path === "/odeme/iade")).toHaveLength(1);
    expect(fake.payment(order.oid)?.refunded).toBe(2000);
    expect(await refundRows(order.orderNo)).toMatchObject([{ provider_refund_id: expect.any(String) }]);
  });

  it("a lost refund sent again while the status inquiry fails is not made twice", async () => {
    const db = getDb();
    const order = await paidOrder("PTR-LOST-INQ");
    const spy = loseFirstRefundAnswer();
    try {
      await appError(refundOrder(db, order.orderNo, { amount: 2000, reason: "Kısmi" }, "k-1", staff));
      expect(fake.refunds()).toHaveLength(1);
      // PayTR's status inquiry has a bad moment just when the refund is sent again.
      fake.failNext("/odeme/durum-sorgu", { status: "error", err_no: "000", err_msg: "Gecici hata" });
      await refundOrder(db, order.orderNo, { amount: 2000, reason: "Kısmi" }, "k-1", staff).catch(() => null);
    } finally {
      spy.mockRestore();
    }
    expect(fake.refunds()).toHaveLength(1);
    expect(fake.payment(order.oid)?.refunded).toBe(2000);
  });
});

describe("PayTR: installments", () => {
  interface Option {
    count: number;
    installmentPrice: number;
    totalPrice: number;
  }

  it("a credit card's table: PayTR's rates on top of the amount, integers, within the store's policy", async () => {
    const response = await askInstallments("bin=454671&amount=250000");
    expect(response.status).toBe(200);
    const table = (await response.json()) as { provider: string; options: Option[] };
    expect(table).toMatchObject({ provider: "paytr", cardFamily: "bonus", bank: expect.any(String) });
    expect(table.options.map((o) => o.count)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(table.options[0]).toEqual({ count: 1, installmentPrice: 250000, totalPrice: 250000 });
    for (const option of table.options) {
      expect(Number.isInteger(option.totalPrice) && Number.isInteger(option.installmentPrice)).toBe(true);
      expect(option.totalPrice).toBeGreaterThanOrEqual(250000);
      if (option.count > 1) expect(option.totalPrice).toBeGreaterThan(250000);
      expect(Math.abs(option.installmentPrice * option.count - option.totalPrice)).toBeLessThan(option.count);
    }
    expect(
      fake
        .requests()
        .filter((r) => r.authorized)
        .map((r) => r.path),
    ).toEqual(["/odeme/api/bin-detail", "/odeme/taksit-oranlari"]);

    await savePaymentSettings(getDb(), { cardProvider: null, maxInstallments: 3 }, "test");
    try {
      const limited = (await (await askInstallments("bin=454671&amount=250000")).json()) as {
        options: Option[];
      };
      expect(limited.options.map((o) => o.count)).toEqual([1, 2, 3]);
    } finally {
      await savePaymentSettings(getDb(), { cardProvider: null, maxInstallments: 12 }, "test");
    }
  });

  it("a debit card: single payment only; a card PayTR does not know: 422 INSTALLMENTS_UNAVAILABLE", async () => {
    const debit = await askInstallments("bin=589004&amount=250000");
    expect(debit.status).toBe(200);
    expect(((await debit.json()) as { options: Option[] }).options).toEqual([
      { count: 1, installmentPrice: 250000, totalPrice: 250000 },
    ]);
    const unknown = await askInstallments("bin=999999&amount=250000");
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error.code).toBe("INSTALLMENTS_UNAVAILABLE");
  });

  it("paying in 3 installments: the token allows 3, the order is paid for its total, the card charged the interest", async () => {
    const db = getDb();
    const order = await paytrOrder("PTR-TAKSIT", 3, 1, { installments: 3 });
    expect(fake.tokens()[0]?.request).toMatchObject({ no_installment: "0", max_installment: "3" });
    await fake.pay(order.token, { card: CARDS.ok, installments: 3 });
    const charged = fake.payment(order.oid);
    const total = Number((await orderByNo(db, order.orderNo)).total);
    expect(charged?.totalAmount).toBeGreaterThan(total);
    expect(await deliver(order.oid)).toMatchObject({ status: 200, text: "OK" });
    expect((await orderByNo(db, order.orderNo)).status).toBe("paid");
    expect(await paymentRows(order.orderNo)).toMatchObject([
      { status: "succeeded", amount: String(total), paid_amount: String(charged?.totalAmount) },
    ]);
    expect(await events(order.orderNo, "payment_amount_mismatch")).toEqual([]);
  });

  it("paid in 3 installments by notification: the payment keeps its count of 3", async () => {
    const order = await paytrOrder("PTR-TAKSIT-N", 3, 1, { installments: 3 });
    await fake.pay(order.token, { card: CARDS.ok, installments: 3 });
    expect(await deliver(order.oid)).toMatchObject({ status: 200, text: "OK" });
    expect(await paymentRows(order.orderNo)).toMatchObject([{ status: "succeeded", installments: 3 }]);
  });

  it("paid in 3 installments, read back on the shopper's return: the count is PayTR's", async () => {
    const order = await paytrOrder("PTR-TAKSIT-R", 3, 1, { installments: 3 });
    await fake.pay(order.token, { card: CARDS.ok, installments: 3 });
    await confirmFromProvider(getDb(), order.orderNo);
    expect(await paymentRows(order.orderNo)).toMatchObject([{ status: "succeeded", installments: 3 }]);
  });

  it("more installments than the store allows is 422 INSTALLMENTS_UNAVAILABLE and nothing is written", async () => {
    const db = getDb();
    await savePaymentSettings(db, { cardProvider: null, maxInstallments: 3 }, "test");
    try {
      const item = await oneSku(db, "PTR-TOO-MANY", 2);
      const cartId = await cartWith(db, [[item.sku, 1]]);
      const orders = await countRows(db, "orders");
      const error = await appError(
        place(db, cartId, checkoutInput(uniqueEmail("ptr-many"), { installments: 6 })),
      );
      expect([error.code, error.status]).toEqual(["INSTALLMENTS_UNAVAILABLE", 422]);
      expect(await countRows(db, "orders")).toBe(orders);
      expect(fake.tokens()).toEqual([]);
    } finally {
      await savePaymentSettings(db, { cardProvider: null, maxInstallments: 12 }, "test");
    }
  });
});
