import { sql } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { POST as callbackRoute } from "@/app/api/payments/iyzico/callback/route";
import { POST as webhookRoute } from "@/app/api/webhooks/iyzico/route";
import { getDb } from "@/lib/db";
import { refundOrder } from "@/lib/orders/refunds";
import { applyPaymentState } from "@/lib/payments/apply";
import { confirmFromProvider, expireUnpaidOrders } from "@/lib/payments/events";
import { savePaymentSettings } from "@/lib/payments/settings";
import { saveShipmentSettings } from "@/lib/shipments/settings";
import { IYZICO_PATHS } from "@/tests/support/fake-iyzico";
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
  JSON_BODY,
  post,
  STORE_URL,
  startFakeIyzicoEnv,
} from "./payments-support";

// Card payments through iyzico's Checkout Form, on a store started with only iyzico's keys and
// IYZICO_BASE_URL pointing at a fake iyzico (tests/support/fake-iyzico.ts, itself checked against the
// official iyzipay client). The browser callback and the signed notification each only name the payment;
// the result is read back from iyzico and applied once, whatever arrives first, twice, or at the same time.

const fake = await startFakeIyzicoEnv();
const pool = extraPool(30);

afterAll(async () => {
  await pool.client.end({ timeout: 5 });
  await fake.close();
});

beforeEach(() => fake.reset());

/** A card order of `qty` units of a fresh SKU with `stock` units; its iyzico token. */
async function iyzicoOrder(
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
  if (placed.result.payment.provider !== "iyzico") throw new Error("not an iyzico payment");
  return { item, cartId, email, ...placed, token: placed.result.payment.token };
}

const callback = (token: string) =>
  post(callbackRoute, "/api/payments/iyzico/callback", `token=${token}`, FORM);
const notify = (body: string, headers: Record<string, string>) =>
  post(webhookRoute, "/api/webhooks/iyzico", body, headers);
const deliver = (token: string) => {
  const { body, headers } = fake.notification(token);
  return notify(body, headers);
};

async function webhookLog(provider: string) {
  return q<{ status: string; type: string }>(
    getDb(),
    sql`select status, type from webhook_events where provider = ${provider} order by received_at`,
  );
}

describe("iyzico: checkout opens a Checkout Form", () => {
  it("answers iyzico's page, with a basket that adds up to the order's total in exact decimal text", async () => {
    const order = await iyzicoOrder("IYZ-OPEN", 5, 3);
    const payment = order.result.payment;
    expect(payment).toMatchObject({
      provider: "iyzico",
      token: expect.any(String),
      paymentPageUrl: expect.stringContaining(fake.url),
      checkoutFormContent: expect.stringContaining("<script"),
    });
    const form = fake.form(order.token);
    const total = Number((await orderByNo(getDb(), order.orderNo)).total);
    const request = form?.request ?? {};
    const toKurus = (text: string) => {
      const [whole, fraction = ""] = text.split(".");
      return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
    };
    expect(request.price).toMatch(/^\d+\.\d{2}$/);
    expect(toKurus(request.price)).toBe(total);
    expect(request.paidPrice).toBe(request.price);
    expect(
      request.basketItems.reduce((sum: number, item: { price: string }) => sum + toKurus(item.price), 0),
    ).toBe(total);
    expect(request).toMatchObject({
      currency: "TRY",
      basketId: order.orderNo,
      callbackUrl: `${STORE_URL}/api/payments/iyzico/callback`,
      buyer: { email: order.email, name: "Ayşe", surname: "Yılmaz" },
    });
    expect(await paymentOf(getDb(), order.orderNo)).toMatchObject({
      provider: "iyzico",
      provider_payment_id: order.token,
      status: "requires_payment",
    });
    expect(await stockOf(getDb(), order.item.id)).toEqual({ onHand: 5, reserved: 3 });
  });

  it("iyzico down: 502 PAYMENT_PROVIDER_ERROR, the holds released, the cart refilled, the order cancelled", async () => {
    const db = getDb();
    const item = await oneSku(db, "IYZ-DOWN", 4);
    const cartId = await cartWith(db, [[item.sku, 2]]);
    const cartBefore = await cartRows(db, cartId);
    fake.setDown(true);
    const email = uniqueEmail("iyz-down");
    const error = await appError(place(db, cartId, checkoutInput(email)));
    expect([error.code, error.status]).toEqual(["PAYMENT_PROVIDER_ERROR", 502]);
    expect(await stockOf(db, item.id)).toEqual({ onHand: 4, reserved: 0 });
    expect((await reservationsOf(db, item.id)).filter((r) => r.status === "active" && r.order_id)).toEqual(
      [],
    );
    expect(await cartRows(db, cartId)).toEqual(cartBefore);
    const [order] = await q<{ status: string }>(db, sql`select status from orders where email = ${email}`);
    expect(order?.status).toBe("cancelled");
  });

  it("iyzico refusing the basket is a 502 too, and nothing stays held", async () => {
    const db = getDb();
    const item = await oneSku(db, "IYZ-REFUSE", 3);
    const cartId = await cartWith(db, [[item.sku, 1]]);
    fake.failNext(IYZICO_PATHS.initialize, { errorCode: "5062", errorMessage: "basket" });
    const error = await appError(place(db, cartId, checkoutInput(uniqueEmail("iyz-refuse"))));
    expect(error.code).toBe("PAYMENT_PROVIDER_ERROR");
    expect(await stockOf(db, item.id)).toEqual({ onHand: 3, reserved: 0 });
  });
});

describe("iyzico: the result lands once, whatever arrives", () => {
  it("callback after paying: 303 to the order page, the order paid, stock committed once, one email", async () => {
    const db = getDb();
    const order = await iyzicoOrder("IYZ-PAY", 6, 2);
    await fake.pay(order.token);
    const answer = await callback(order.token);
    expect(answer.status).toBe(303);
    expect(answer.location).toBe(`${STORE_URL}/orders/${order.orderNo}?payment=return`);
    expect((await orderByNo(db, order.orderNo)).status).toBe("paid");
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 4, reserved: 0 });
    expect(await ledgerOf(db, order.item.id, "commit", order.orderNo)).toHaveLength(1);
    expect(
      (await emailKeys(db, order.orderNo)).filter((k) => k.startsWith("payment_confirmed")),
    ).toHaveLength(1);
    expect(await paymentOf(db, order.orderNo)).toMatchObject({ status: "succeeded" });
  });

  it("a callback posted before paying (or forged) changes nothing; an unknown token is 400", async () => {
    const db = getDb();
    const order = await iyzicoOrder("IYZ-EARLY", 3, 1);
    const early = await callback(order.token);
    expect(early.status).toBe(303);
    expect((await orderByNo(db, order.orderNo)).status).toBe("pending_payment");
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 3, reserved: 1 });
    expect((await callback("not-a-token-of-ours")).status).toBe(400);
    expect((await post(callbackRoute, "/api/payments/iyzico/callback", "", FORM)).status).toBe(400);
  });

  it("callback ×10 and notification ×10 at once, on separate connections too: one transition, one email, one commit", async () => {
    const db = getDb();
    const order = await iyzicoOrder("IYZ-RACE", 8, 3);
    await fake.pay(order.token);
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, () => callback(order.token)),
      ...Array.from({ length: 10 }, () => deliver(order.token)),
      ...Array.from({ length: 5 }, () => confirmFromProvider(pool.db, order.orderNo).then(() => "confirmed")),
    ]);
    for (const answer of answers.slice(0, 10)) expect(answer).toMatchObject({ status: 303 });
    for (const answer of answers.slice(10, 20)) expect(answer).toMatchObject({ status: 200 });
    const timeline = await timelineOf(db, order.orderNo);
    expect(timeline.filter((e) => e.type === "payment_succeeded")).toEqual([
      { type: "payment_succeeded", from_status: "pending_payment", to_status: "paid" },
    ]);
    expect((await emailKeys(db, order.orderNo)).filter((k) => k.startsWith("payment_confirmed"))).toEqual([
      `payment_confirmed:${order.orderNo}`,
    ]);
    expect(await ledgerOf(db, order.item.id, "commit", order.orderNo)).toHaveLength(1);
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 5, reserved: 0 });
    await expectStockInvariant(db);
  });

  it("with shipping on payment turned on, the racing callbacks and notifications ask the carrier for one parcel", async () => {
    const db = getDb();
    await saveShipmentSettings(db, { shipWhenPaid: true }, "test");
    try {
      const order = await iyzicoOrder("IYZ-SHIP", 4, 2);
      await fake.pay(order.token);
      await Promise.all([
        ...Array.from({ length: 5 }, () => callback(order.token)),
        ...Array.from({ length: 5 }, () => deliver(order.token)),
      ]);
      expect((await orderByNo(db, order.orderNo)).status).toBe("paid");
      const parcels = await q<{ status: string; lines: unknown; jobs: number }>(
        db,
        sql`select s.status, s.lines,
            (select count(*)::int from job_events e where e.event_key = 'create_shipment:' || s.id) as jobs
          from shipments s join orders o on o.id = s.order_id where o.order_no = ${order.orderNo}`,
      );
      expect(parcels).toEqual([{ status: "pending", lines: [{ sku: order.item.sku, qty: 2 }], jobs: 1 }]);
    } finally {
      await saveShipmentSettings(db, { shipWhenPaid: false }, "test");
    }
  });

  it("the notification alone finishes the order (the shopper never comes back); its repeats are acknowledged", async () => {
    const db = getDb();
    const order = await iyzicoOrder("IYZ-HOOK", 4, 1);
    await fake.pay(order.token);
    const first = await deliver(order.token);
    expect(first).toMatchObject({ status: 200, text: JSON.stringify({ received: true }) });
    for (let i = 0; i < 3; i++) expect((await deliver(order.token)).status).toBe(200);
    expect((await orderByNo(db, order.orderNo)).status).toBe("paid");
    // The repeats were recognised as the same notification.
    const [row] = await q<{ n: number }>(
      db,
      sql`select count(*)::int as n from webhook_events where provider = 'iyzico' and payload->>'token' = ${order.token}`,
    );
    expect(row?.n).toBe(1);
  });

  it("forged, tampered and unsigned notifications are 400 and write nothing", async () => {
    const db = getDb();
    const order = await iyzicoOrder("IYZ-FORGE", 3, 1);
    await fake.pay(order.token);
    const genuine = fake.notification(order.token);
    const before = await countRows(db, "webhook_events");
    const tampered = JSON.stringify({ ...genuine.payload, status: "SUCCESS", token: "someone-elses-token" });
    const attempts = [
      await notify(genuine.body, JSON_BODY),
      await notify(genuine.body, { ...JSON_BODY, "x-iyz-signature-v3": "0".repeat(64) }),
      await notify(tampered, genuine.headers),
      await notify("not json", genuine.headers),
    ];
    for (const answer of attempts) {
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text).error.code).toBe("WEBHOOK_SIGNATURE_INVALID");
    }
    expect(await countRows(db, "webhook_events")).toBe(before);
    expect((await orderByNo(db, order.orderNo)).status).toBe("pending_payment");
  });

  it("a result whose amount differs from the order's never marks it paid: recorded on the timeline and in the log", async () => {
    const db = getDb();
    const order = await iyzicoOrder("IYZ-AMOUNT", 3, 1);
    await fake.pay(order.token);
    // The attempt asked for another amount than iyzico charged (as if the order had been tampered with).
    await db.execute(
      sql`update payments set amount = amount + 100 where provider_payment_id = ${order.token}`,
    );
    expect((await deliver(order.token)).status).toBe(200);
    expect((await callback(order.token)).status).toBe(303);
    expect((await orderByNo(db, order.orderNo)).status).toBe("pending_payment");
    expect(
      (await timelineOf(db, order.orderNo)).filter((e) => e.type === "payment_amount_mismatch"),
    ).toHaveLength(1);
    expect((await webhookLog("iyzico")).at(-1)).toMatchObject({ status: "rejected" });
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 3, reserved: 1 });
  });
});

describe("iyzico: failures, retries and late payments", () => {
  it("insufficient funds: payment_failed with the reason, holds released, one email; a retry pays", async () => {
    const db = getDb();
    const order = await iyzicoOrder("IYZ-FAIL", 4, 2);
    await fake.pay(order.token, { card: "4111111111111129" });
    expect((await callback(order.token)).status).toBe(303);
    expect((await orderByNo(db, order.orderNo)).status).toBe("payment_failed");
    const [failed] = await q<{ failure_reason: string; failure_code: string }>(
      db,
      sql`select failure_reason, failure_code from payments where provider_payment_id = ${order.token}`,
    );
    expect(failed).toEqual({ failure_reason: "insufficient_funds", failure_code: "10051" });
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 4, reserved: 0 });
    expect((await emailKeys(db, order.orderNo)).filter((k) => k.startsWith("payment_failed"))).toHaveLength(
      1,
    );

    const { retryPayment } = await import("@/lib/checkout/service");
    const session = await retryPayment(db, order.orderNo);
    expect(session.provider).toBe("iyzico");
    if (session.provider !== "iyzico") return;
    expect(session.token).not.toBe(order.token);
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 4, reserved: 2 });
    await fake.pay(session.token);
    expect((await callback(session.token)).status).toBe(303);
    expect((await orderByNo(db, order.orderNo)).status).toBe("paid");
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 2, reserved: 0 });
  });

  it("3-D Secure refused on the bank's page is told apart", async () => {
    const db = getDb();
    const order = await iyzicoOrder("IYZ-3DS", 2, 1);
    await fake.pay(order.token, { threeDs: "fail" });
    await callback(order.token);
    const [failed] = await q<{ failure_reason: string }>(
      db,
      sql`select failure_reason from payments where provider_payment_id = ${order.token}`,
    );
    expect(failed?.failure_reason).toBe("three_ds_failed");
  });

  it("paid after the window closed and the stock was sold: refunded through iyzico exactly once", async () => {
    const db = getDb();
    const past = new Date(Date.now() - 2 * 60 * MINUTE);
    const order = await iyzicoOrder("IYZ-LATE", 1, 1, { at: past });
    expect(await expireUnpaidOrders(db)).toBeGreaterThanOrEqual(1);
    const rival = await cartWith(db, [[order.item.sku, 1]]);
    await place(db, rival, checkoutInput(uniqueEmail("rival"), { paymentMethod: "cash_on_delivery" }));
    await fake.pay(order.token);
    await Promise.all([callback(order.token), deliver(order.token), deliver(order.token)]);
    expect((await orderByNo(db, order.orderNo)).status).toBe("cancelled");
    expect(fake.cancels().length + fake.refunds().length).toBe(1);
    expect((await timelineOf(db, order.orderNo)).filter((e) => e.type === "auto_refunded")).toHaveLength(1);
    await expectStockInvariant(db);
  });

  it("two attempts both paid: the order is paid once, the second charge goes back", async () => {
    const db = getDb();
    const order = await iyzicoOrder("IYZ-TWICE", 3, 1);
    await fake.pay(order.token, { card: "4111111111111129" });
    await callback(order.token);
    const { retryPayment } = await import("@/lib/checkout/service");
    const second = await retryPayment(db, order.orderNo);
    if (second.provider !== "iyzico") throw new Error("not iyzico");
    await fake.pay(second.token);
    await callback(second.token);
    // The first form is paid after all with another card (the shopper still had it open in another tab).
    await fake.pay(order.token);
    await callback(order.token);
    expect((await orderByNo(db, order.orderNo)).status).toBe("paid");
    expect(await ledgerOf(db, order.item.id, "commit", order.orderNo)).toHaveLength(1);
    expect(fake.cancels().length + fake.refunds().length).toBe(1);
    expect(
      (await timelineOf(db, order.orderNo)).filter((e) => e.type === "duplicate_payment_refunded"),
    ).toHaveLength(1);
  });
});

describe("iyzico: installments", () => {
  it("the table for a card's first digits and an amount, within the store's policy", async () => {
    const response = await askInstallments("bin=454671&amount=250000");
    expect(response.status).toBe(200);
    const table = await response.json();
    expect(table).toMatchObject({ provider: "iyzico", bank: expect.any(String) });
    const counts = table.options.map((o: { count: number }) => o.count);
    expect(counts).toContain(1);
    expect(counts).toContain(6);
    const single = table.options.find((o: { count: number }) => o.count === 1);
    expect(single.totalPrice).toBe(250000);
    for (const option of table.options) {
      expect(option.totalPrice).toBeGreaterThanOrEqual(250000);
      expect(Number.isInteger(option.totalPrice) && Number.isInteger(option.installmentPrice)).toBe(true);
    }

    await savePaymentSettings(getDb(), { cardProvider: null, maxInstallments: 3 }, "test");
    try {
      const limited = await (await askInstallments("bin=454671&amount=250000")).json();
      expect(Math.max(...limited.options.map((o: { count: number }) => o.count))).toBe(3);
    } finally {
      await savePaymentSettings(getDb(), { cardProvider: null, maxInstallments: 12 }, "test");
    }
  });

  it("bad input is 400 in the API shape", async () => {
    for (const query of [
      "bin=12&amount=100",
      "bin=454671&amount=-1",
      "bin=abcdef&amount=100",
      "amount=100",
    ]) {
      const response = await askInstallments(query);
      expect(response.status, query).toBe(400);
      expect((await response.json()).error.code).toBe("VALIDATION_FAILED");
    }
  });

  it("paying in 3 installments: the order is paid, the charge includes the interest, the count is kept", async () => {
    const db = getDb();
    const order = await iyzicoOrder("IYZ-TAKSIT", 3, 1, { installments: 3 });
    expect(fake.form(order.token)?.request.enabledInstallments).toEqual([1, 3]);
    await fake.pay(order.token, { card: "5528790000000008", installments: 3 });
    await callback(order.token);
    const [paid] = await q<{ installments: number; paid_amount: string; amount: string }>(
      db,
      sql`select installments, paid_amount, amount from payments where provider_payment_id = ${order.token}`,
    );
    expect((await orderByNo(db, order.orderNo)).status).toBe("paid");
    expect(paid?.installments).toBe(3);
    expect(Number(paid?.paid_amount)).toBeGreaterThan(Number(paid?.amount));
  });

  it("more installments than the store allows is 422 INSTALLMENTS_UNAVAILABLE and nothing is written", async () => {
    const db = getDb();
    await savePaymentSettings(db, { cardProvider: null, maxInstallments: 3 }, "test");
    try {
      const item = await oneSku(db, "IYZ-TOO-MANY", 2);
      const cartId = await cartWith(db, [[item.sku, 1]]);
      const orders = await countRows(db, "orders");
      const error = await appError(
        place(db, cartId, checkoutInput(uniqueEmail("many"), { installments: 6 })),
      );
      expect([error.code, error.status]).toEqual(["INSTALLMENTS_UNAVAILABLE", 422]);
      expect(await countRows(db, "orders")).toBe(orders);
    } finally {
      await savePaymentSettings(db, { cardProvider: null, maxInstallments: 12 }, "test");
    }
  });
});

describe("iyzico: refunds from the admin refund flow", () => {
  const staff = { actor: "Zeynep Kaya", locale: "tr" as const };

  async function paidOrder(prefix: string, qty = 2) {
    const order = await iyzicoOrder(prefix, 5, qty);
    await fake.pay(order.token);
    await callback(order.token);
    return order;
  }

  it("a partial refund by line then the rest reach iyzico as refunds of those amounts", async () => {
    const db = getDb();
    const order = await paidOrder("IYZ-REFUND");
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
    const rest = await refundOrder(
      db,
      order.orderNo,
      { amount: total - part, reason: "Kalan" },
      "k-2",
      staff,
    );
    expect(rest.body.order).toMatchObject({ status: "refunded", refundable: 0 });
    const sent = fake.refunds().map((r) => r.price);
    expect(sent).toEqual([asDecimal(part), asDecimal(total - part)]);
    expect(fake.cancels()).toEqual([]);
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

  it("a full refund on the day of the payment is a cancel at iyzico", async () => {
    const db = getDb();
    const order = await paidOrder("IYZ-CANCEL", 1);
    const total = Number((await orderByNo(db, order.orderNo)).total);
    const refund = await refundOrder(db, order.orderNo, { amount: total, reason: "Vazgeçti" }, "k-1", staff);
    expect(refund.body.refund.providerRefundId).toMatch(/cancel/);
    expect(fake.cancels()).toHaveLength(1);
    expect(fake.refunds()).toEqual([]);
  });

  it("iyzico refusing a refund: recorded, 502, and the same request again sends it once", async () => {
    const db = getDb();
    const order = await paidOrder("IYZ-REFUSED");
    fake.failNext(IYZICO_PATHS.refund, { errorCode: "5093", errorMessage: "refused" });
    const error = await appError(
      refundOrder(db, order.orderNo, { amount: 1000, reason: "Kısmi" }, "k-1", staff),
    );
    expect([error.code, error.status]).toEqual(["PAYMENT_PROVIDER_ERROR", 502]);
    expect(fake.refunds()).toEqual([]);
    const again = await refundOrder(db, order.orderNo, { amount: 1000, reason: "Kısmi" }, "k-1", staff);
    expect(again.status).toBe(201);
    expect(fake.refunds().map((r) => r.price)).toEqual(["10.00"]);
  });
});

describe("iyzico: a payment state is applied through the one state machine", () => {
  it("a state for an attempt the store does not know is ignored", async () => {
    expect(
      await applyPaymentState(
        getDb(),
        { provider: "iyzico", handle: "unknown-token" },
        { status: "succeeded", amount: 1, paidAmount: 1, currency: "TRY", installments: 1 },
      ),
    ).toBe("ignored");
  });
});
