import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import { type Database, rows } from "@/db/client";
import type { OrderStatus } from "@/db/schema";
import { env } from "@/lib/env";
import { clockAt, releaseOrderStock } from "@/lib/inventory/reservations";
import { transition } from "@/lib/orders/service";
import { abandonOpenAttempts, applyPaymentState, type Outcome } from "./apply";
import type { CardProviderName } from "./provider";
import { latestPaymentOf, paymentByHandle } from "./records";
import { providerNamed } from "./settings";
import { stateOfIntent } from "./stripe";

export type { Outcome };

/**
 * What providers tell the store, after their route handler verified it: every notification is stored once
 * by an id derived from the provider's own (webhook_events), then applied through lib/payments/apply.ts.
 * A repeat of a notification already applied, ignored or rejected is acknowledged without doing anything;
 * one that failed before (the database or the provider was down) is tried again.
 */
export async function receiveNotification(
  db: Database,
  event: { id: string; provider: CardProviderName; type: string; payload: unknown },
  apply: () => Promise<Outcome>,
  now = new Date(),
): Promise<Outcome | "duplicate"> {
  const inserted = await rows<{ id: string }>(
    db,
    sql`insert into webhook_events (id, provider, type, payload, status) values (${event.id}, ${event.provider},
      ${event.type}, ${JSON.stringify(event.payload)}::jsonb, 'received') on conflict (id) do nothing returning id`,
  );
  if (inserted.length === 0) {
    const [existing] = await rows<{ status: string }>(
      db,
      sql`select status from webhook_events where id = ${event.id}`,
    );
    if (existing && existing.status !== "received" && existing.status !== "failed") return "duplicate";
  }
  try {
    const outcome = await apply();
    const error = outcome === "rejected" ? "amount or currency differs from the order's" : null;
    // A concurrent duplicate that found nothing left to do must not overwrite the delivery that applied it.
    await db.execute(sql`update webhook_events set status = ${outcome}, error = ${error},
        processed_at = ${now.toISOString()}
      where id = ${event.id} and (status <> 'applied' or ${outcome} = 'applied')`);
    return outcome;
  } catch (error) {
    await db.execute(sql`update webhook_events set status = 'failed', error = ${String(error).slice(0, 2000)},
      processed_at = ${now.toISOString()} where id = ${event.id}`);
    throw error;
  }
}

/** A refund made at Stripe (by staff here or in Stripe's dashboard): the order's refunded amount follows. */
async function chargeRefunded(db: Database, charge: Stripe.Charge, now: Date): Promise<Outcome> {
  const intentId =
    typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
  if (!intentId) return "ignored";
  const clock = clockAt(now, env().RESERVATION_TTL_MINUTES);
  return db.transaction(async (tx): Promise<Outcome> => {
    const [order] = await rows<{ id: string; total: string; refunded: string; status: OrderStatus }>(
      tx,
      sql`select o.id, o.total, o.refunded, o.status from payments p join orders o on o.id = p.order_id
        where p.provider_payment_id = ${intentId} for update of o`,
    );
    if (!order || charge.amount_refunded <= Number(order.refunded)) return "ignored";
    const refunded = Math.min(charge.amount_refunded, Number(order.total));
    await tx.execute(
      sql`update orders set refunded = ${refunded}, updated_at = ${clock.now} where id = ${order.id}`,
    );
    await transition(tx, order.id, refunded >= Number(order.total) ? "refunded" : "partially_refunded", {
      type: "refunded",
      actor: "stripe",
      at: clock.now,
    });
    return "applied";
  });
}

const INTENT_EVENTS = new Set([
  "payment_intent.succeeded",
  "payment_intent.payment_failed",
  "payment_intent.canceled",
  "payment_intent.processing",
  "payment_intent.requires_action",
]);

/** Applies one Stripe event; unknown types are ignored. */
export async function applyStripeEvent(
  db: Database,
  event: Stripe.Event,
  now = new Date(),
): Promise<Outcome> {
  if (event.type === "charge.refunded") return chargeRefunded(db, event.data.object, now);
  if (!INTENT_EVENTS.has(event.type)) return "ignored";
  const intent = event.data.object as Stripe.PaymentIntent;
  return applyPaymentState(
    db,
    {
      provider: "stripe",
      handle: intent.id,
      orderId: intent.metadata?.orderId ?? "",
      attempt: Number(intent.metadata?.attempt ?? 0),
    },
    stateOfIntent(intent),
    now,
  );
}

export function receiveStripeEvent(db: Database, event: Stripe.Event, now = new Date()) {
  return receiveNotification(
    db,
    { id: event.id, provider: "stripe", type: event.type, payload: event },
    () => applyStripeEvent(db, event, now),
    now,
  );
}

/**
 * Asks the provider of one attempt (found by its handle) for its state and applies it: the iyzico callback
 * and notification, whose own content is never believed beyond naming the attempt.
 */
export async function confirmByHandle(
  db: Database,
  provider: CardProviderName,
  handle: string,
  now = new Date(),
): Promise<{ orderNo: string; outcome: Outcome } | null> {
  const payment = await paymentByHandle(db, provider, handle);
  const reader = payment && providerNamed(payment.provider);
  if (!payment || !reader) return null;
  const state = await reader.read(payment);
  return {
    orderNo: payment.orderNo,
    outcome: await applyPaymentState(db, { paymentId: payment.id }, state, now),
  };
}

/**
 * `POST /api/payments/confirm` and the order page when the shopper comes back from the provider: the
 * order's latest card attempt is read back from its provider and applied like a notification.
 */
export async function confirmFromProvider(db: Database, orderNo: string, now = new Date()): Promise<void> {
  const payment = await latestPaymentOf(db, orderNo);
  const reader = payment?.providerPaymentId ? providerNamed(payment.provider) : null;
  if (!payment || !reader) return;
  await applyPaymentState(db, { paymentId: payment.id }, await reader.read(payment), now);
}

/**
 * The scheduler's part: card orders past their payment window are cancelled, their stock released and
 * their codes given back; their open attempts are given up at the providers afterwards (best effort).
 */
export async function expireUnpaidOrders(db: Database, now = new Date(), limit = 100): Promise<number> {
  const clock = clockAt(now, env().RESERVATION_TTL_MINUTES);
  const expired = await db.transaction(async (tx) => {
    const due = await rows<{ id: string; order_no: string }>(
      tx,
      sql`select id, order_no from orders where status in ('pending_payment', 'payment_failed')
        and payment_due_at <= ${clock.now} order by payment_due_at limit ${limit} for update skip locked`,
    );
    const done: string[] = [];
    for (const order of due) {
      const from = await transition(tx, order.id, "cancelled", {
        type: "expired",
        actor: "system",
        at: clock.now,
      });
      if (!from) continue;
      await releaseOrderStock(tx, order.id, order.order_no, clock, "expired");
      await tx.execute(sql`
        with given_back as (delete from coupon_redemptions where order_id = ${order.id} returning coupon_id)
        update coupons set used_count = used_count - 1 where id in (select coupon_id from given_back)`);
      done.push(order.id);
    }
    return done;
  });
  for (const orderId of expired) await abandonOpenAttempts(db, orderId);
  return expired.length;
}
