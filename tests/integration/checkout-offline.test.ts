import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as trackRoute } from "@/app/api/orders/track/[orderNo]/route";
import { checkoutSchema } from "@/lib/checkout/schemas";
import { placeOrder } from "@/lib/checkout/service";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { formatMoney } from "@/lib/money";
import { trackOrder } from "@/lib/orders/tracking";
import { expireUnpaidOrders } from "@/lib/payments/events";
import { configuredProviders } from "@/lib/payments/settings";
import {
  appError,
  cartRows,
  cartWith,
  checkoutInput,
  clearCardProviderEnv,
  countRows,
  emailJobs,
  emailKeys,
  expectStockInvariant,
  ledgerOf,
  MINUTE,
  oneSku,
  orderByNo,
  paymentOf,
  reservationsOf,
  stockOf,
  timelineOf,
  uniqueEmail,
} from "./checkout-support";

// The store without Stripe keys: cards are refused, cash on delivery and bank transfer work end to end
// (stock committed at once, instructions, fee, email), and tracking shows an order to whoever knows its
// number and email — and nothing private.

clearCardProviderEnv();

beforeAll(() => {
  expect(configuredProviders()).toEqual([]);
});

afterAll(() => {
  vi.restoreAllMocks();
});

function checkout(cartId: string, email: string, overrides: Record<string, unknown> = {}, now = new Date()) {
  return placeOrder(
    getDb(),
    { cartId, userId: null, checkout: checkoutInput(email, overrides), locale: "tr" },
    now,
  );
}

describe("checkout without a card provider", () => {
  it("card → 422 PAYMENT_METHOD_UNAVAILABLE, and nothing written", async () => {
    const db = getDb();
    const item = await oneSku(db, "NOCARD", 5);
    const cartId = await cartWith(db, [[item.sku, 2]]);
    const before = {
      cart: await cartRows(db, cartId),
      reservations: await reservationsOf(db, item.id),
      orders: await countRows(db, "orders"),
      stock: await stockOf(db, item.id),
    };

    const error = await appError(checkout(cartId, uniqueEmail("nocard"), { paymentMethod: "card" }));

    expect([error.code, error.status]).toEqual(["PAYMENT_METHOD_UNAVAILABLE", 422]);
    expect({
      cart: await cartRows(db, cartId),
      reservations: await reservationsOf(db, item.id),
      orders: await countRows(db, "orders"),
      stock: await stockOf(db, item.id),
    }).toEqual(before);
  });
});

describe("checkout: offline payment methods", () => {
  it("cash on delivery: awaiting_confirmation, stock committed at once, the COD fee, instructions, an order_received email", async () => {
    const db = getDb();
    const item = await oneSku(db, "COD", 8);
    const cartId = await cartWith(db, [[item.sku, 3]]);
    expect(await stockOf(db, item.id)).toEqual({ onHand: 8, reserved: 3 });
    const email = uniqueEmail("cod");

    const placed = await checkout(cartId, email, { paymentMethod: "cash_on_delivery" });

    const { order, payment } = placed;
    expect(order.status).toBe("awaiting_confirmation");
    expect(order.totals.fees).toBe(2990);
    expect(order.totals.subtotal).toBe(37_500);
    expect(order.totals.total).toBe(
      order.totals.subtotal - order.totals.discount + order.totals.shipping + order.totals.fees,
    );
    expect(payment).toEqual({
      provider: "manual",
      method: "cash_on_delivery",
      instructions: expect.stringContaining(formatMoney(order.totals.total, "TRY", "tr")),
    });
    const row = await orderByNo(db, order.orderNo);
    expect([row.status, Number(row.fees), Number(row.total)]).toEqual([
      "awaiting_confirmation",
      2990,
      order.totals.total,
    ]);
    const pay = await paymentOf(db, order.orderNo);
    expect([pay.provider, pay.status, Number(pay.amount), pay.provider_payment_id]).toEqual([
      "manual",
      "pending",
      order.totals.total,
      null,
    ]);

    // Committed: off the shelf, nothing held any more (reserved back to what it was before the cart).
    expect(await stockOf(db, item.id)).toEqual({ onHand: 5, reserved: 0 });
    expect((await reservationsOf(db, item.id)).map((r) => [r.order_id, r.status])).toEqual([
      [row.id, "completed"],
    ]);
    expect((await ledgerOf(db, item.id, "commit", order.orderNo)).map((l) => l.on_hand_delta)).toEqual([-3]);
    await expectStockInvariant(db);

    const jobs = await emailJobs(db, order.orderNo);
    expect(jobs.map((job) => job.key)).toEqual([`order_received:${order.orderNo}`]);
    expect(jobs[0]?.message).toMatchObject({ kind: "order_received", to: email, orderNo: order.orderNo });
    expect((await timelineOf(db, order.orderNo)).map((e) => [e.type, e.to_status])).toEqual([
      ["placed", "awaiting_confirmation"],
    ]);
    expect(await cartRows(db, cartId)).toEqual([]);

    // Offline orders have no payment window: the scheduler's expiry never touches them.
    await expireUnpaidOrders(db, new Date(Date.now() + 24 * 60 * MINUTE));
    expect((await orderByNo(db, order.orderNo)).status).toBe("awaiting_confirmation");
    expect(await stockOf(db, item.id)).toEqual({ onHand: 5, reserved: 0 });
  });

  it("bank transfer: awaiting_confirmation, no fee, instructions naming the IBAN and the order number", async () => {
    const db = getDb();
    const item = await oneSku(db, "EFT", 4);
    const cartId = await cartWith(db, [[item.sku, 1]]);
    const email = uniqueEmail("eft");

    const { order, payment } = await checkout(cartId, email, { paymentMethod: "bank_transfer" });

    expect(order.status).toBe("awaiting_confirmation");
    expect(order.totals.fees).toBe(0);
    expect(payment.provider).toBe("manual");
    const instructions = payment.provider === "manual" ? payment.instructions : "";
    expect(instructions).toContain(env().STORE_IBAN);
    expect(instructions).toContain(order.orderNo);
    expect(instructions).toContain(formatMoney(order.totals.total, "TRY", "tr"));
    expect(await stockOf(db, item.id)).toEqual({ onHand: 3, reserved: 0 });
    expect(await emailKeys(db, order.orderNo)).toEqual([`order_received:${order.orderNo}`]);
    await expectStockInvariant(db);
  });
});

describe("checkout: bad input", () => {
  it("checkoutSchema rejects a missing city, letters in a Turkish postal code and a bad phone", () => {
    const base = {
      email: "a@b.co",
      shippingAddress: {
        name: "Ali Veli",
        line1: "Atatürk Cad. 1",
        district: "Kadıköy",
        city: "İstanbul",
        postalCode: "34710",
        country: "TR",
        phone: "+905551112233",
      },
      shippingMethod: "standard",
      paymentMethod: "cash_on_delivery",
      acceptedTerms: true,
    };
    expect(checkoutSchema.safeParse(base).success).toBe(true);
    const invalid = (address: Record<string, unknown>) => {
      const result = checkoutSchema.safeParse({
        ...base,
        shippingAddress: { ...base.shippingAddress, ...address },
      });
      return result.success ? [] : result.error.issues.map((i) => i.path.join("."));
    };
    const { city: _city, ...noCity } = base.shippingAddress;
    const missingCity = checkoutSchema.safeParse({ ...base, shippingAddress: noCity });
    expect(missingCity.success ? [] : missingCity.error.issues.map((i) => i.path.join("."))).toContain(
      "shippingAddress.city",
    );
    expect(invalid({ city: "   " })).toContain("shippingAddress.city");
    expect(invalid({ postalCode: "34A10" })).toEqual(["shippingAddress.postalCode"]);
    expect(invalid({ postalCode: "99999" })).toEqual(["shippingAddress.postalCode"]);
    expect(invalid({ phone: "12345" })).toEqual(["shippingAddress.phone"]);
    expect(invalid({ phone: "+90 212 555 11 22" })).toEqual(["shippingAddress.phone"]);
    // A billing address is checked by the same rules.
    const billing = checkoutSchema.safeParse({
      ...base,
      billingAddress: { ...base.shippingAddress, postalCode: "ABCDE" },
    });
    expect(billing.success ? [] : billing.error.issues.map((i) => i.path.join("."))).toEqual([
      "billingAddress.postalCode",
    ]);
    // Normalized when valid: a Turkish mobile typed with spaces and a leading 0.
    const spaced = checkoutSchema.parse({
      ...base,
      shippingAddress: { ...base.shippingAddress, phone: "0555 111 22 33" },
    });
    expect(spaced.shippingAddress.phone).toBe("+905551112233");
  });

  it("an empty cart → CART_EMPTY and same_day to Van → VALIDATION_FAILED, writing nothing", async () => {
    const db = getDb();
    const ordersBefore = await countRows(db, "orders");
    const jobsBefore = await countRows(db, "job_events");
    const empty = await appError(
      checkout("c_00000000000000000000000000000000", uniqueEmail("x"), { paymentMethod: "bank_transfer" }),
    );
    expect([empty.code, empty.status]).toEqual(["CART_EMPTY", 409]);

    const item = await oneSku(db, "VAN-OFF", 3);
    const cartId = await cartWith(db, [[item.sku, 1]]);
    const reservations = await reservationsOf(db, item.id);
    const van = { city: "Van", district: "İpekyolu", postalCode: "65000" };
    const error = await appError(
      checkout(cartId, uniqueEmail("van"), {
        address: van,
        shippingMethod: "same_day",
        paymentMethod: "cash_on_delivery",
      }),
    );
    expect([error.code, error.status]).toEqual(["VALIDATION_FAILED", 400]);
    expect(await reservationsOf(db, item.id)).toEqual(reservations);
    expect(await stockOf(db, item.id)).toEqual({ onHand: 3, reserved: 1 });
    expect(await cartRows(db, cartId)).toHaveLength(1);
    expect(await countRows(db, "orders")).toBe(ordersBefore);
    expect(await countRows(db, "job_events")).toBe(jobsBefore);
  });
});

describe("tracking", () => {
  const address = {
    name: "Zeynep Kaya",
    line1: "Gizli Sokak 7",
    district: "Beşiktaş",
    phone: "+905329998877",
  };

  async function placedOrder() {
    const db = getDb();
    const item = await oneSku(db, "TRACK", 5);
    const cartId = await cartWith(db, [[item.sku, 2]]);
    const email = uniqueEmail("track");
    const { order } = await checkout(cartId, email, { paymentMethod: "bank_transfer", address });
    return { item, email, order };
  }

  /** Every key anywhere in a JSON value. */
  function keysOf(value: unknown): string[] {
    if (Array.isArray(value)) return value.flatMap(keysOf);
    if (value && typeof value === "object") {
      return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]);
    }
    return [];
  }

  it("returns the documented shape for the right email, in any case, and nothing private", async () => {
    const db = getDb();
    const { item, email, order } = await placedOrder();

    const tracking = await trackOrder(db, order.orderNo, `  ${email.toUpperCase()} `, "tr");

    expect(tracking).toEqual({
      orderNo: order.orderNo,
      status: "awaiting_confirmation",
      placedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      currency: "TRY",
      items: [
        { sku: item.sku, name: expect.any(String), variant: expect.any(String), qty: 2, unitPrice: 12_500 },
      ],
      totals: {
        subtotal: order.totals.subtotal,
        discount: order.totals.discount,
        shipping: order.totals.shipping,
        tax: order.totals.tax,
        fees: order.totals.fees,
        total: order.totals.total,
      },
      shipments: [],
      timeline: [{ type: "placed", at: expect.any(String) }],
    });
    const text = JSON.stringify(tracking);
    for (const secret of [
      email,
      address.name,
      address.line1,
      address.district,
      address.phone,
      env().STORE_IBAN,
    ]) {
      expect(text).not.toContain(secret);
    }
    const forbidden = [
      "email",
      "shippingAddress",
      "billingAddress",
      "address",
      "phone",
      "payment",
      "paymentMethod",
    ];
    expect(keysOf(tracking).filter((k) => forbidden.includes(k))).toEqual([]);
    expect(text).not.toMatch(/bank_transfer|manual|clientSecret|pi_/);
  });

  it("a wrong email and an unknown number get the same answer: null, and the same 404 from the route", async () => {
    const db = getDb();
    const { email, order } = await placedOrder();
    expect(await trackOrder(db, order.orderNo, `x${email}`, "tr")).toBeNull();
    expect(await trackOrder(db, "SF-2026-999999", email, "tr")).toBeNull();

    const get = async (orderNo: string, mail: string) => {
      const url = `http://localhost:3000/api/orders/track/${orderNo}?email=${encodeURIComponent(mail)}`;
      const response = await trackRoute(
        new NextRequest(url, { headers: { "x-forwarded-for": "203.0.113.9" } }),
        {
          params: Promise.resolve({ orderNo }),
        },
      );
      return { status: response.status, body: (await response.json()) as unknown };
    };
    const right = await get(order.orderNo, email.toUpperCase());
    expect(right.status).toBe(200);
    expect((right.body as { orderNo: string }).orderNo).toBe(order.orderNo);
    const wrongEmail = await get(order.orderNo, `other-${email}`);
    const unknown = await get("SF-2026-999999", email);
    expect(wrongEmail.status).toBe(404);
    expect(unknown).toEqual(wrongEmail);
    expect((wrongEmail.body as { error: { code: string } }).error.code).toBe("ORDER_NOT_FOUND");
  });
});
