import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as checkoutRoute } from "@/app/api/checkout/route";
import { POST as iyzicoCallbackRoute } from "@/app/api/payments/iyzico/callback/route";
import { POST as paytrWebhookRoute } from "@/app/api/webhooks/paytr/route";
import { CART_COOKIE, signCartId } from "@/lib/cart/token";
import { retryPayment } from "@/lib/checkout/service";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { savePaymentSettings } from "@/lib/payments/settings";
import {
  appError,
  cartRows,
  cartWith,
  checkoutInput,
  countRows,
  emailKeys,
  ledgerOf,
  oneSku,
  orderByNo,
  paymentOf,
  place,
  q,
  stockOf,
  uniqueEmail,
} from "./checkout-support";
import { askInstallments, FORM, post, STORE_URL, startBothFakesEnv } from "./payments-support";

// A store with both iyzico's and PayTR's keys: which one takes `paymentMethod: "card"` is the store's
// setting (lib/payments/settings.ts) among the configured ones, iyzico first when staff chose none (the
// preference order is iyzico, PayTR, Stripe); a failed attempt may be retried at the other provider.

// The request's cookies, as next/headers gives them to a route handler (the cart cookie; the checkout
// sets the "orders placed here" cookie).
const jar = vi.hoisted(() => new Map<string, string>());
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    has: (name: string) => jar.has(name),
    set: (name: string, value: string) => {
      jar.set(name, value);
    },
    delete: (name: string) => {
      jar.delete(name);
    },
  }),
  headers: async () => new Headers(),
}));
// A guest checkout: no session (next-auth itself does not load outside Next.js).
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => null }));

const fakes = await startBothFakesEnv();

afterAll(async () => {
  await fakes.iyzico.close();
  await fakes.paytr.close();
});

beforeEach(async () => {
  fakes.iyzico.reset();
  fakes.paytr.reset();
  jar.clear();
  // No setting at all: the store chooses.
  await getDb().execute(sql`delete from store_settings where key = 'payments'`);
});

const IYZICO_DECLINED_CARD = "4111111111111129";

async function cardOrder(prefix: string, stock = 4, qty = 1) {
  const db = getDb();
  const item = await oneSku(db, prefix, stock);
  const cartId = await cartWith(db, [[item.sku, qty]]);
  const placed = await place(db, cartId, checkoutInput(uniqueEmail(prefix.toLowerCase())));
  return { item, cartId, ...placed, payment: placed.result.payment };
}

/** POST /api/checkout through the route handler, as the shopper's browser with its cart cookie. */
async function checkoutRequest(cartId: string, body: unknown, key: string) {
  jar.set(CART_COOKIE, signCartId(cartId, env().AUTH_SECRET));
  const response = await checkoutRoute(
    new NextRequest(`${STORE_URL}/api/checkout`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "idempotency-key": key,
        "x-forwarded-for": "85.105.12.34",
      },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );
  return {
    status: response.status,
    replayed: response.headers.get("idempotent-replayed"),
    body: (await response.json()) as {
      order: { orderNo: string; status: string; totals: { total: number } };
      payment: Record<string, unknown>;
      error?: { code: string };
    },
  };
}

const installmentsProvider = async () =>
  ((await (await askInstallments("bin=454671&amount=250000")).json()) as { provider: string }).provider;

describe("which configured provider takes cards", () => {
  it("with no setting: iyzico (iyzico, PayTR, Stripe is the order of preference); PayTR is not asked", async () => {
    const order = await cardOrder("PRV-DEFAULT");
    expect(order.payment).toMatchObject({ provider: "iyzico", token: expect.any(String) });
    expect(await paymentOf(getDb(), order.orderNo)).toMatchObject({ provider: "iyzico" });
    expect(fakes.iyzico.forms()).toHaveLength(1);
    expect(fakes.paytr.tokens()).toEqual([]);
    expect(await installmentsProvider()).toBe("iyzico");
  });

  it("staff choose PayTR: checkout opens a PayTR iframe token under the store's installment policy", async () => {
    const db = getDb();
    await savePaymentSettings(db, { cardProvider: "paytr", maxInstallments: 12 }, "test");
    const order = await cardOrder("PRV-PAYTR");
    expect(order.payment).toEqual({
      provider: "paytr",
      iframeToken: expect.any(String),
      iframeUrl: expect.stringContaining(fakes.paytr.url),
    });
    const total = Number((await orderByNo(db, order.orderNo)).total);
    expect(fakes.paytr.tokens().map((t) => t.request)).toMatchObject([
      { payment_amount: String(total), max_installment: "12", no_installment: "0" },
    ]);
    expect(fakes.iyzico.forms()).toEqual([]);
    expect(await paymentOf(db, order.orderNo)).toMatchObject({ provider: "paytr" });
    expect(await installmentsProvider()).toBe("paytr");

    // Back to iyzico by name.
    await savePaymentSettings(db, { cardProvider: "iyzico", maxInstallments: 12 }, "test");
    expect((await cardOrder("PRV-BACK")).payment.provider).toBe("iyzico");
  });

  it("a chosen provider whose keys are not set (Stripe here) falls back to the first configured", async () => {
    await savePaymentSettings(getDb(), { cardProvider: "stripe", maxInstallments: 12 }, "test");
    expect((await cardOrder("PRV-STRIPE")).payment.provider).toBe("iyzico");
    expect(fakes.paytr.tokens()).toEqual([]);
  });
});

describe("a failed attempt retried at the other provider", () => {
  it("declined at iyzico, retried with PayTR: a PayTR attempt for the same total, paid by its notification", async () => {
    const db = getDb();
    const order = await cardOrder("PRV-SWITCH", 4, 2);
    if (order.payment.provider !== "iyzico") throw new Error("not iyzico");
    await fakes.iyzico.pay(order.payment.token, { card: IYZICO_DECLINED_CARD });
    const back = await post(
      iyzicoCallbackRoute,
      "/api/payments/iyzico/callback",
      `token=${order.payment.token}`,
      FORM,
    );
    expect(back.status).toBe(303);
    expect((await orderByNo(db, order.orderNo)).status).toBe("payment_failed");
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 4, reserved: 0 });

    const session = await retryPayment(db, order.orderNo, new Date(), { provider: "paytr" });
    if (session.provider !== "paytr") throw new Error(`retry went to ${session.provider}`);
    const total = Number((await orderByNo(db, order.orderNo)).total);
    const [token] = fakes.paytr.tokens();
    expect(token?.token).toBe(session.iframeToken);
    expect(token?.request.payment_amount).toBe(String(total));
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 4, reserved: 2 });
    expect((await orderByNo(db, order.orderNo)).status).toBe("pending_payment");

    await fakes.paytr.pay(session.iframeToken);
    const notified = await post(
      paytrWebhookRoute,
      "/api/webhooks/paytr",
      fakes.paytr.notification(token?.merchantOid ?? "").body,
      FORM,
    );
    expect(notified).toMatchObject({ status: 200, text: "OK" });
    expect((await orderByNo(db, order.orderNo)).status).toBe("paid");
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 2, reserved: 0 });
    expect(await ledgerOf(db, order.item.id, "commit", order.orderNo)).toHaveLength(1);
    expect(
      (await emailKeys(db, order.orderNo)).filter((k) => k.startsWith("payment_confirmed")),
    ).toHaveLength(1);
    const attempts = await q<{ attempt: number; provider: string; status: string }>(
      db,
      sql`select p.attempt, p.provider, p.status from payments p join orders o on o.id = p.order_id
        where o.order_no = ${order.orderNo} order by p.attempt`,
    );
    expect(attempts.map((a) => [a.attempt, a.provider])).toEqual([
      [1, "iyzico"],
      [2, "paytr"],
    ]);
    expect(attempts[0]?.status).not.toBe("succeeded");
    expect(attempts[1]?.status).toBe("succeeded");
    // Nothing went back anywhere.
    expect(fakes.paytr.refunds()).toEqual([]);
    expect(fakes.iyzico.refunds().length + fakes.iyzico.cancels().length).toBe(0);
  });

  it("an unknown provider, or one without keys, is 422 PAYMENT_METHOD_UNAVAILABLE and nothing changes", async () => {
    const db = getDb();
    const order = await cardOrder("PRV-UNKNOWN", 3, 1);
    if (order.payment.provider !== "iyzico") throw new Error("not iyzico");
    await fakes.iyzico.pay(order.payment.token, { card: IYZICO_DECLINED_CARD });
    await post(iyzicoCallbackRoute, "/api/payments/iyzico/callback", `token=${order.payment.token}`, FORM);
    expect((await orderByNo(db, order.orderNo)).status).toBe("payment_failed");
    const payments = await countRows(db, "payments");
    for (const provider of ["paypal", "stripe"]) {
      const error = await appError(retryPayment(db, order.orderNo, new Date(), { provider }));
      expect([error.code, error.status], provider).toEqual(["PAYMENT_METHOD_UNAVAILABLE", 422]);
    }
    expect(await countRows(db, "payments")).toBe(payments);
    expect((await orderByNo(db, order.orderNo)).status).toBe("payment_failed");
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 3, reserved: 0 });
    expect(fakes.paytr.tokens()).toEqual([]);
  });
});

describe("POST /api/checkout through the route handler", () => {
  it("201 with the active provider's payment shape: iyzico with no setting, PayTR once chosen; a replay opens nothing", async () => {
    const db = getDb();
    const item = await oneSku(db, "PRV-ROUTE", 6);
    const body = (email: string) => ({ ...checkoutInput(email), paymentMethod: "card" });

    const iyzicoCart = await cartWith(db, [[item.sku, 1]]);
    const viaIyzico = await checkoutRequest(iyzicoCart, body(uniqueEmail("route-iyz")), "route-key-iyzico-1");
    expect(viaIyzico.status).toBe(201);
    expect(viaIyzico.body.order.status).toBe("pending_payment");
    expect(viaIyzico.body.payment).toEqual({
      provider: "iyzico",
      token: expect.any(String),
      paymentPageUrl: expect.any(String),
      checkoutFormContent: expect.stringContaining("<script"),
    });
    expect(await cartRows(db, iyzicoCart)).toEqual([]);

    await savePaymentSettings(db, { cardProvider: "paytr", maxInstallments: 12 }, "test");
    const paytrCart = await cartWith(db, [[item.sku, 2]]);
    const paytrEmail = uniqueEmail("route-ptr");
    const viaPaytr = await checkoutRequest(paytrCart, body(paytrEmail), "route-key-paytr-1");
    expect(viaPaytr.status).toBe(201);
    expect(viaPaytr.body.payment).toEqual({
      provider: "paytr",
      iframeToken: expect.any(String),
      iframeUrl: `${fakes.paytr.url}/odeme/guvenli/${viaPaytr.body.payment.iframeToken}`,
    });
    const orderNo = viaPaytr.body.order.orderNo;
    const total = Number((await orderByNo(db, orderNo)).total);
    expect(viaPaytr.body.order.totals.total).toBe(total);
    // The shopper's address as the route saw it (x-forwarded-for) is what PayTR gets.
    expect(fakes.paytr.tokens().map((t) => t.request)).toMatchObject([
      { payment_amount: String(total), user_ip: "85.105.12.34" },
    ]);
    expect(await paymentOf(db, orderNo)).toMatchObject({ provider: "paytr", status: "requires_payment" });
    expect(await stockOf(db, item.id)).toEqual({ onHand: 6, reserved: 3 });
    // The shopper may open the order page: the route remembered the order in its cookie.
    expect(jar.get("orders")).toContain(orderNo);

    // The same request again (a double click, a retry after a timeout): the same answer, no second token.
    const again = await checkoutRequest(paytrCart, body(paytrEmail), "route-key-paytr-1");
    expect(again.status).toBe(201);
    expect(again.replayed).toBe("true");
    expect(again.body).toEqual(viaPaytr.body);
    expect(fakes.paytr.tokens()).toHaveLength(1);
  });
});
