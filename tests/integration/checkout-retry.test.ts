import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { retryPayment } from "@/lib/checkout/service";
import { getDb } from "@/lib/db";
import { receiveStripeEvent } from "@/lib/payments/events";
import {
  appError,
  cartWith,
  checkoutInput,
  expectStockInvariant,
  MINUTE,
  oneSku,
  orderByNo,
  place,
  q,
  startFakeStripeEnv,
  stockOf,
  uniqueEmail,
} from "./checkout-support";

// After a failed card payment the shopper may try again from the order page while the window lasts.
const fake = await startFakeStripeEnv();

describe("retrying a failed card payment", () => {
  it("holds the stock again, opens a new PaymentIntent, cancels the old one; paying it makes the order paid", async () => {
    const db = getDb();
    const sku = await oneSku(db, "RETRY", 3);
    const now = new Date();
    const cartId = await cartWith(db, [[sku.sku, 2]], now);
    const order = await place(
      db,
      cartId,
      checkoutInput(uniqueEmail("retry"), { paymentMethod: "card" }),
      now,
    );
    const { event: failed } = await fake.fail(order.intentId ?? "");
    await receiveStripeEvent(db, failed as unknown as Stripe.Event, now);
    expect((await orderByNo(db, order.orderNo)).status).toBe("payment_failed");
    expect((await stockOf(db, sku.id)).reserved).toBe(0);

    const session = await retryPayment(db, order.orderNo, new Date(now.getTime() + MINUTE));
    expect(session).toMatchObject({ provider: "stripe", clientSecret: expect.stringMatching(/_secret_/) });
    expect((await orderByNo(db, order.orderNo)).status).toBe("pending_payment");
    expect((await stockOf(db, sku.id)).reserved).toBe(2);
    expect(fake.createdIntents()).toHaveLength(2);
    expect(fake.intent(order.intentId ?? "")?.status).toBe("canceled");
    await expectStockInvariant(db);

    const [second] = await q<{ provider_payment_id: string }>(
      db,
      sql`select provider_payment_id from payments p join orders o on o.id = p.order_id
        where o.order_no = ${order.orderNo} and p.attempt = 2`,
    );
    const { event: paid } = await fake.succeed(second?.provider_payment_id ?? "");
    await receiveStripeEvent(db, paid as unknown as Stripe.Event, now);
    expect((await orderByNo(db, order.orderNo)).status).toBe("paid");
    expect(await stockOf(db, sku.id)).toMatchObject({ onHand: 1, reserved: 0 });
    await expectStockInvariant(db);
  });

  it("is refused once the window has passed, or when the stock is gone, and changes nothing", async () => {
    const db = getDb();
    const sku = await oneSku(db, "RETRYGONE", 1);
    const now = new Date();
    const order = await place(
      db,
      await cartWith(db, [[sku.sku, 1]], now),
      checkoutInput(uniqueEmail("gone"), { paymentMethod: "card" }),
      now,
    );
    const { event: failed } = await fake.fail(order.intentId ?? "");
    await receiveStripeEvent(db, failed as unknown as Stripe.Event, now);
    await place(
      db,
      await cartWith(db, [[sku.sku, 1]], now),
      checkoutInput(uniqueEmail("buyer"), { paymentMethod: "cash_on_delivery" }),
      now,
    );
    expect((await appError(retryPayment(db, order.orderNo, now))).code).toBe("OUT_OF_STOCK");
    expect((await orderByNo(db, order.orderNo)).status).toBe("payment_failed");
    expect(
      (await appError(retryPayment(db, order.orderNo, new Date(now.getTime() + 60 * MINUTE)))).code,
    ).toBe("INVALID_TRANSITION");
    await expectStockInvariant(db);
  });
});
