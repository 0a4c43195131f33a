import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getCart, removeItem, setShippingEstimate } from "@/lib/cart/service";
import { requestHash, withIdempotency } from "@/lib/checkout/idempotency";
import type { CheckoutInput } from "@/lib/checkout/schemas";
import { placeOrder } from "@/lib/checkout/service";
import { applyCoupon } from "@/lib/coupons/service";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { trackOrder } from "@/lib/orders/tracking";
import {
  appError,
  cartCodes,
  cartRows,
  cartWith,
  checkoutInput,
  countRows,
  expectStockInvariant,
  makeCoupon,
  oneSku,
  orderByNo,
  ordersFor,
  paymentOf,
  q,
  reservationsOf,
  startFakeStripeEnv,
  stockOf,
  tag,
  timelineOf,
  uniqueEmail,
} from "./checkout-support";

// Checkout refusals and the payment provider failing: the server owns every price (guarantee 3), and a
// refused or failed checkout leaves nothing behind — no order, no hold, no code use, the cart intact.

const fake = await startFakeStripeEnv();

beforeAll(() => {
  expect(env().STRIPE_API_BASE).toBe(fake.url);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await fake.close();
});

beforeEach(() => fake.reset());

function checkout(cartId: string, input: CheckoutInput, now = new Date()) {
  return placeOrder(getDb(), { cartId, userId: null, checkout: input, locale: "tr" }, now);
}

/** Everything a refused checkout of this cart must leave as it was. */
async function snapshot(cartId: string, variantId: number) {
  const db = getDb();
  return {
    cart: await cartRows(db, cartId),
    codes: await cartCodes(db, cartId),
    reservations: await reservationsOf(db, variantId),
    stock: await stockOf(db, variantId),
    orders: await countRows(db, "orders"),
    payments: await countRows(db, "payments"),
    redemptions: await countRows(db, "coupon_redemptions"),
    jobs: await countRows(db, "job_events"),
    coupons: await q(getDb(), sql`select code, used_count from coupons order by code`),
  };
}

describe("checkout: the server's total against the shopper's", () => {
  it("expectedTotal off by one → 409 PRICE_CHANGED with details.totals, and nothing written", async () => {
    const db = getDb();
    const item = await oneSku(db, "PRICE", 10);
    const cartId = await cartWith(db, [[item.sku, 3]]);
    const coupon = await makeCoupon(db, { value: 10, usageLimit: 5 });
    await applyCoupon(db, { cartId, code: coupon.code, userId: null });
    await setShippingEstimate(db, cartId, { country: "TR", postalCode: "34710", method: "standard" });
    const shown = (await getCart(db, cartId, "tr")).totals;
    const email = uniqueEmail("price");
    const before = await snapshot(cartId, item.id);
    const key = `key-${tag()}-${tag()}`;

    for (const expectedTotal of [shown.total + 1, shown.total - 1]) {
      const input = checkoutInput(email, { expectedTotal });
      const error = await appError(
        withIdempotency(db, "checkout", key, requestHash({ cartId, checkout: input }), () =>
          checkout(cartId, input).then((body) => ({ status: 201, body })),
        ),
      );
      expect(error.code).toBe("PRICE_CHANGED");
      expect(error.status).toBe(409);
      expect(error.details.totals).toEqual({
        subtotal: shown.subtotal,
        discount: shown.discount,
        shipping: shown.shipping,
        tax: shown.tax,
        fees: shown.fees,
        total: shown.total,
        taxIncluded: true,
      });
      expect(await snapshot(cartId, item.id)).toEqual(before);
      expect(await ordersFor(db, email)).toEqual([]);
      // A refusal frees the key: the shopper may send the corrected request under it.
      expect(await q(db, sql`select key from idempotency_keys where key = ${key}`)).toEqual([]);
    }
    expect(fake.createdIntents()).toEqual([]);

    // The number the cart showed is the number the checkout charges.
    const placed = await checkout(cartId, checkoutInput(email, { expectedTotal: shown.total }));
    expect(placed.order.totals.total).toBe(shown.total);
    expect(fake.createdIntents()[0]?.amount).toBe(shown.total);
  });

  it("a catalogue price raised after the shopper added the item is charged at the new price (never the cart's)", async () => {
    const db = getDb();
    const item = await oneSku(db, "REPRICE", 10, 10_000);
    const cartId = await cartWith(db, [[item.sku, 2]]);
    await setShippingEstimate(db, cartId, { country: "TR", postalCode: "34710", method: "standard" });
    const seen = (await getCart(db, cartId, "tr")).totals.total;
    await db.execute(sql`update variants set price = 15000 where id = ${item.id}`);
    const email = uniqueEmail("reprice");

    const error = await appError(checkout(cartId, checkoutInput(email, { expectedTotal: seen })));
    expect(error.code).toBe("PRICE_CHANGED");
    expect((error.details.totals as { subtotal: number }).subtotal).toBe(30_000);

    const placed = await checkout(cartId, checkoutInput(email));
    expect(placed.order.totals.subtotal).toBe(30_000);
    const items = await q<{ unit_price: string; line_total: string }>(
      db,
      sql`select i.unit_price, i.line_total from order_items i join orders o on o.id = i.order_id
        where o.order_no = ${placed.order.orderNo}`,
    );
    expect(items).toEqual([{ unit_price: "15000", line_total: "30000" }]);

    // Guarantee 7: the order keeps what was charged when the catalogue changes again.
    await db.execute(sql`update variants set price = 99 where id = ${item.id}`);
    const tracking = await trackOrder(db, placed.order.orderNo, email, "tr");
    expect(tracking?.items[0]?.unitPrice).toBe(15_000);
    expect(tracking?.totals.total).toBe(placed.order.totals.total);
  });
});

describe("checkout: Stripe cannot create the PaymentIntent", () => {
  it("500 on every try → 502 PAYMENT_PROVIDER_ERROR; the order is cancelled, its stock and code given back, the cart refilled", async () => {
    const db = getDb();
    const item = await oneSku(db, "STRIPE500", 10);
    const cartId = await cartWith(db, [[item.sku, 2]]);
    const coupon = await makeCoupon(db, { value: 10, usageLimit: 1 });
    await applyCoupon(db, { cartId, code: coupon.code, userId: null });
    const linesBefore = await cartRows(db, cartId);
    expect(await stockOf(db, item.id)).toEqual({ onHand: 10, reserved: 2 });
    const email = uniqueEmail("stripe500");
    const input = checkoutInput(email);
    const key = `key-${tag()}-${tag()}`;
    const hash = requestHash({ cartId, checkout: input });
    const run = () =>
      withIdempotency(db, "checkout", key, hash, () =>
        checkout(cartId, input).then((body) => ({ status: 201, body })),
      );
    fake.failNext("create", 5, 500);

    const error = await appError(run());

    expect(error.code).toBe("PAYMENT_PROVIDER_ERROR");
    expect(error.status).toBe(502);
    // The SDK tried three times (two retries) with one Stripe idempotency key; nothing was created.
    const creates = fake.requests.filter((r) => r.operation === "create");
    expect(creates).toHaveLength(3);
    expect(new Set(creates.map((r) => r.idempotencyKey)).size).toBe(1);
    expect(fake.createdIntents()).toEqual([]);

    const [order] = await ordersFor(db, email);
    expect(order?.order_no).toBe(error.details.orderNo);
    expect(order?.status).toBe("cancelled");
    expect((await paymentOf(db, order?.order_no ?? "")).status).toBe("failed");
    expect((await timelineOf(db, order?.order_no ?? "")).map((e) => e.type)).toEqual([
      "placed",
      "payment_provider_error",
      "cart_restored",
    ]);
    expect(
      (await reservationsOf(db, item.id)).filter((r) => r.order_id === order?.id).map((r) => r.status),
    ).toEqual(["cancelled"]);
    expect(await stockOf(db, item.id)).toEqual({ onHand: 10, reserved: 0 });
    const [used] = await q<{ used_count: number }>(
      db,
      sql`select used_count from coupons where id = ${coupon.id}`,
    );
    expect(used?.used_count).toBe(0);
    expect(await countRows(db, "coupon_redemptions", sql`coupon_id = ${coupon.id}`)).toBe(0);
    expect(await cartRows(db, cartId)).toEqual(linesBefore);
    expect(await q(db, sql`select key from idempotency_keys where key = ${key}`)).toEqual([]);
    await expectStockInvariant(db);

    // The cart view takes the lines' stock again.
    const cart = await getCart(db, cartId, "tr");
    expect(cart.items.map((i) => [i.sku, i.qty])).toEqual([[item.sku, 2]]);
    expect(await stockOf(db, item.id)).toEqual({ onHand: 10, reserved: 2 });

    // Stripe is back: the same request under the same key now places a new order with one PaymentIntent.
    const retried = await run();
    const body = retried.body as { order: { orderNo: string; status: string } };
    expect(body.order.status).toBe("pending_payment");
    expect(body.order.orderNo).not.toBe(order?.order_no);
    expect(fake.createdIntents()).toHaveLength(1);
    expect((await orderByNo(db, body.order.orderNo)).status).toBe("pending_payment");
    expect(await stockOf(db, item.id)).toEqual({ onHand: 10, reserved: 2 });
    await expectStockInvariant(db);
  });
});

describe("checkout: refusals before anything is written", () => {
  it("an unknown cart and an emptied cart → 409 CART_EMPTY", async () => {
    const db = getDb();
    const ordersBefore = await countRows(db, "orders");
    const unknown = await appError(
      checkout(`c_${tag()}${tag()}${tag()}${tag()}`, checkoutInput(uniqueEmail("e"))),
    );
    expect([unknown.code, unknown.status]).toEqual(["CART_EMPTY", 409]);

    const item = await oneSku(db, "EMPTIED", 5);
    const cartId = await cartWith(db, [[item.sku, 1]]);
    const [line] = (await getCart(db, cartId, "tr")).items;
    await removeItem(db, { cartId }, line?.id ?? "");
    const emptied = await appError(checkout(cartId, checkoutInput(uniqueEmail("e"))));
    expect(emptied.code).toBe("CART_EMPTY");

    expect(await countRows(db, "orders")).toBe(ordersBefore);
    expect(await stockOf(db, item.id)).toEqual({ onHand: 5, reserved: 0 });
    expect(fake.createdIntents()).toEqual([]);
  });

  it("same_day to Van (65000) → 400 VALIDATION_FAILED naming the methods offered; a country without shipping → 422", async () => {
    const db = getDb();
    const item = await oneSku(db, "VAN", 5);
    const cartId = await cartWith(db, [[item.sku, 1]]);
    const before = await snapshot(cartId, item.id);

    const van = { city: "Van", postalCode: "65000", district: "İpekyolu" };
    const error = await appError(
      checkout(cartId, checkoutInput(uniqueEmail("van"), { address: van, shippingMethod: "same_day" })),
    );
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.status).toBe(400);
    expect(error.details.fields).toEqual({ shippingMethod: expect.any(String) });
    expect(error.details.offered).toEqual(["standard", "express"]);
    expect(await snapshot(cartId, item.id)).toEqual(before);

    const japan = { city: "Tokyo", postalCode: "1000001", country: "JP", phone: "+81312345678" };
    const far = await appError(checkout(cartId, checkoutInput(uniqueEmail("jp"), { address: japan })));
    expect([far.code, far.status]).toEqual(["NO_SHIPPING_TO_ADDRESS", 422]);
    expect(await snapshot(cartId, item.id)).toEqual(before);
    expect(fake.createdIntents()).toEqual([]);

    // The same cart to Van by standard shipping is fine (the refusal was about the method).
    const placed = await checkout(cartId, checkoutInput(uniqueEmail("van-ok"), { address: van }));
    expect(placed.order.totals.shipping).toBe(8990);
  });
});
