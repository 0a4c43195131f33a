import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Database, Transaction } from "@/db/client";
import type { OrderStatus } from "@/db/schema";
import { env } from "@/lib/env";
import type { Locale } from "@/lib/i18n/locale";
import {
  type Clock,
  clockAt,
  commitOrderStock,
  releaseOrderStock,
  takeStockDirectly,
} from "@/lib/inventory/reservations";
import { log } from "@/lib/log";
import { enqueueEmail } from "@/lib/notifications/outbox";
import { logEvent, transition } from "@/lib/orders/service";
import { stripe } from "./stripe";

interface OrderRow {
  id: string;
  order_no: string;
  status: OrderStatus;
  email: string;
  locale: Locale;
  total: string;
  payment_id: string;
}

async function rows<T>(db: Database | Transaction, query: ReturnType<typeof sql>): Promise<T[]> {
  return (await db.execute(query)) as unknown as T[];
}

/** The order and payment attempt a PaymentIntent belongs to, locked for the rest of the transaction. */
async function lockOrderOf(tx: Transaction, intent: Stripe.PaymentIntent): Promise<OrderRow | undefined> {
  const [row] = await rows<OrderRow>(
    tx,
    sql`select o.id, o.order_no, o.status, o.email, o.locale, o.total, p.id as payment_id
      from payments p join orders o on o.id = p.order_id
      where p.provider_payment_id = ${intent.id}
         or (p.provider_payment_id is null and o.id = ${intent.metadata?.orderId ?? ""}
             and p.attempt = ${Number(intent.metadata?.attempt ?? 0)})
      order by p.attempt desc limit 1
      for update of o`,
  );
  return row;
}

async function setPayment(
  tx: Transaction,
  paymentId: string,
  status: string,
  intentId: string,
  clock: Clock,
) {
  await tx.execute(sql`update payments set status = ${status}, provider_payment_id = coalesce(provider_payment_id,
    ${intentId}), updated_at = ${clock.now} where id = ${paymentId}`);
}

export type Outcome = "applied" | "ignored";

/**
 * The payment succeeded. The held stock is committed and the order becomes paid. If the holds are gone
 * (the payment failed or the window expired first), the stock is taken again if it is still there; if it
 * is not, the money goes back automatically (once) and the timeline says why. Repeats change nothing.
 */
async function paymentSucceeded(db: Database, intent: Stripe.PaymentIntent, clock: Clock): Promise<Outcome> {
  const refund = await db.transaction(async (tx) => {
    const order = await lockOrderOf(tx, intent);
    if (!order) return { outcome: "ignored" as const };
    if (!["pending_payment", "payment_failed", "cancelled"].includes(order.status))
      return { outcome: "ignored" as const };
    await setPayment(tx, order.payment_id, "succeeded", intent.id, clock);
    const [held] = await rows<{ units: number }>(
      tx,
      sql`select coalesce(sum(qty), 0)::int as units from reservations where order_id = ${order.id} and status = 'active'`,
    );
    const [ordered] = await rows<{ units: number }>(
      tx,
      sql`select coalesce(sum(qty), 0)::int as units from order_items where order_id = ${order.id}`,
    );
    let secured = false;
    if ((held?.units ?? 0) === (ordered?.units ?? 0) && (held?.units ?? 0) > 0) {
      await commitOrderStock(tx, order.id, order.order_no, clock);
      secured = true;
    } else {
      await releaseOrderStock(tx, order.id, order.order_no, clock);
      const items = await rows<{ variant_id: number; qty: number }>(
        tx,
        sql`select variant_id, qty from order_items where order_id = ${order.id} and variant_id is not null`,
      );
      secured = await takeStockDirectly(
        tx,
        items.map((i) => ({ variantId: i.variant_id, qty: i.qty })),
        order.order_no,
        clock,
      );
    }
    if (!secured) {
      if (order.status !== "cancelled") {
        await transition(tx, order.id, "cancelled", { type: "cancelled", actor: "system", at: clock.now });
      }
      await tx.execute(sql`insert into refunds (order_id, amount, reason, idempotency_key, actor)
          values (${order.id}, ${Number(intent.amount_received || intent.amount)}, 'stock_unavailable',
            ${`auto-refund:${intent.id}`}, 'system')
          on conflict (idempotency_key) do nothing`);
      // Read it back: a refund recorded by an earlier delivery whose Stripe call failed is retried now.
      const [refund] = await rows<{ id: string; provider_refund_id: string | null; logged: boolean }>(
        tx,
        sql`select id, provider_refund_id, exists (select 1 from order_events where order_id = ${order.id}
            and type = 'auto_refunded') as logged
          from refunds where idempotency_key = ${`auto-refund:${intent.id}`}`,
      );
      if (refund && !refund.logged) {
        await logEvent(tx, order.id, { type: "auto_refunded", actor: "system", at: clock.now });
        await tx.execute(
          sql`update orders set refunded = total, updated_at = ${clock.now} where id = ${order.id}`,
        );
      }
      if (!refund || refund.provider_refund_id) return { outcome: "applied" as const };
      return { outcome: "applied" as const, refundIntent: intent.id, refundId: refund.id };
    }
    if (order.status === "cancelled") await reclaimCoupons(tx, order.id, clock);
    await transition(tx, order.id, "paid", { type: "payment_succeeded", actor: "stripe", at: clock.now });
    await enqueueEmail(tx, `payment_confirmed:${order.order_no}`, {
      kind: "payment_confirmed",
      to: order.email,
      locale: order.locale,
      orderNo: order.order_no,
    });
    return { outcome: "applied" as const };
  });
  if (refund.refundIntent && refund.refundId) {
    const made = await stripe().refunds.create(
      {
        payment_intent: refund.refundIntent,
        reason: "requested_by_customer",
        metadata: { reason: "stock_unavailable" },
      },
      { idempotencyKey: `auto-refund:${refund.refundIntent}` },
    );
    await db.execute(sql`update refunds set provider_refund_id = ${made.id} where id = ${refund.refundId}`);
  }
  return refund.outcome;
}

/**
 * An order paid after it expired counts its codes again (expiry gave them back). A code used up by
 * someone else meanwhile is still honoured — the shopper paid the discounted price — and noted.
 */
async function reclaimCoupons(tx: Transaction, orderId: string, clock: Clock) {
  const [order] = await rows<{
    pricing: { coupons?: { code: string; discount: number }[] };
    user_id: string | null;
    email: string;
  }>(tx, sql`select pricing, user_id, email from orders where id = ${orderId}`);
  for (const coupon of order?.pricing.coupons ?? []) {
    const claimed = await rows<{ id: number }>(
      tx,
      sql`update coupons set used_count = used_count + 1 where code = ${coupon.code}
        and (usage_limit is null or used_count < usage_limit) returning id`,
    );
    const id = claimed[0]?.id;
    if (id === undefined) {
      await logEvent(tx, orderId, {
        type: "note",
        actor: "system",
        note: `${coupon.code}: usage limit reached`,
        at: clock.now,
      });
      continue;
    }
    await tx.execute(sql`insert into coupon_redemptions (coupon_id, order_id, user_id, email, discount)
      values (${id}, ${orderId}, ${order?.user_id ?? null}, ${order?.email ?? ""}, ${coupon.discount})
      on conflict (coupon_id, order_id) do nothing`);
  }
}

/** Failed or canceled: the hold is released and the shopper may retry while the window lasts. */
async function paymentFailed(db: Database, intent: Stripe.PaymentIntent, clock: Clock, canceled: boolean) {
  return db.transaction(async (tx): Promise<Outcome> => {
    const order = await lockOrderOf(tx, intent);
    if (order?.status !== "pending_payment") return "ignored";
    await setPayment(tx, order.payment_id, canceled ? "canceled" : "failed", intent.id, clock);
    await transition(tx, order.id, "payment_failed", {
      type: "payment_failed",
      actor: "stripe",
      note: intent.last_payment_error?.message ?? null,
      at: clock.now,
    });
    await releaseOrderStock(tx, order.id, order.order_no, clock);
    await enqueueEmail(tx, `payment_failed:${order.order_no}:${intent.id}`, {
      kind: "payment_failed",
      to: order.email,
      locale: order.locale,
      orderNo: order.order_no,
    });
    return "applied";
  });
}

/** processing / requires_action: recorded on the payment and the timeline; the order keeps waiting. */
async function paymentStep(db: Database, intent: Stripe.PaymentIntent, clock: Clock, step: string) {
  return db.transaction(async (tx): Promise<Outcome> => {
    const order = await lockOrderOf(tx, intent);
    if (order?.status !== "pending_payment") return "ignored";
    await setPayment(tx, order.payment_id, step, intent.id, clock);
    await logEvent(tx, order.id, { type: `payment_${step}`, actor: "stripe", at: clock.now });
    return "applied";
  });
}

/** A refund made at Stripe (by staff here or in Stripe's dashboard): the order's refunded amount follows. */
async function chargeRefunded(db: Database, charge: Stripe.Charge, clock: Clock) {
  const intentId =
    typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
  if (!intentId) return "ignored";
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

/** Applies one Stripe event through the order state machine; unknown types are ignored. */
export async function applyStripeEvent(
  db: Database,
  event: Stripe.Event,
  now = new Date(),
): Promise<Outcome> {
  const clock = clockAt(now, env().RESERVATION_TTL_MINUTES);
  switch (event.type) {
    case "payment_intent.succeeded":
      return paymentSucceeded(db, event.data.object, clock);
    case "payment_intent.payment_failed":
      return paymentFailed(db, event.data.object, clock, false);
    case "payment_intent.canceled":
      return paymentFailed(db, event.data.object, clock, true);
    case "payment_intent.processing":
      return paymentStep(db, event.data.object, clock, "processing");
    case "payment_intent.requires_action":
      return paymentStep(db, event.data.object, clock, "requires_action");
    case "charge.refunded":
      return chargeRefunded(db, event.data.object, clock);
    default:
      return "ignored";
  }
}

/**
 * Stores the event once by its id, then applies it. A repeat of an event already applied or ignored is
 * acknowledged without doing anything; one that failed before is tried again.
 */
export async function receiveStripeEvent(
  db: Database,
  event: Stripe.Event,
  now = new Date(),
): Promise<Outcome | "duplicate"> {
  const inserted = await rows<{ id: string }>(
    db,
    sql`insert into webhook_events (id, type, payload, status) values (${event.id}, ${event.type},
      ${JSON.stringify(event)}::jsonb, 'received') on conflict (id) do nothing returning id`,
  );
  if (inserted.length === 0) {
    const [existing] = await rows<{ status: string }>(
      db,
      sql`select status from webhook_events where id = ${event.id}`,
    );
    if (existing?.status === "applied" || existing?.status === "ignored") return "duplicate";
  }
  try {
    const outcome = await applyStripeEvent(db, event, now);
    // A concurrent duplicate that found nothing left to do must not overwrite the delivery that applied it.
    await db.execute(sql`update webhook_events set status = ${outcome}, error = null, processed_at = ${now.toISOString()}
      where id = ${event.id} and (status <> 'applied' or ${outcome} = 'applied')`);
    return outcome;
  } catch (error) {
    await db.execute(sql`update webhook_events set status = 'failed', error = ${String(error).slice(0, 2000)},
      processed_at = ${now.toISOString()} where id = ${event.id}`);
    throw error;
  }
}

/** `POST /api/payments/confirm`: asks Stripe for the PaymentIntent's state and applies it like an event. */
export async function confirmFromProvider(db: Database, orderNo: string, now = new Date()): Promise<void> {
  const [payment] = await rows<{ provider_payment_id: string | null }>(
    db,
    sql`select p.provider_payment_id from payments p join orders o on o.id = p.order_id
      where o.order_no = ${orderNo} and p.provider = 'stripe' order by p.attempt desc limit 1`,
  );
  if (!payment?.provider_payment_id) return;
  const intent = await stripe().paymentIntents.retrieve(payment.provider_payment_id);
  const type = {
    succeeded: "payment_intent.succeeded",
    canceled: "payment_intent.canceled",
    processing: "payment_intent.processing",
    requires_action: "payment_intent.requires_action",
    requires_payment_method: intent.last_payment_error ? "payment_intent.payment_failed" : null,
  }[intent.status as string];
  if (!type) return;
  await applyStripeEvent(db, { type, data: { object: intent } } as unknown as Stripe.Event, now);
}

/**
 * The scheduler's part: card orders past their payment window are cancelled, their stock released and
 * their codes given back; their PaymentIntents are cancelled at Stripe afterwards (best effort).
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
  if (expired.length > 0) {
    const intents = await rows<{ provider_payment_id: string }>(
      db,
      sql`select provider_payment_id from payments where order_id in ${expired}
        and provider_payment_id is not null and status not in ('succeeded', 'canceled')`,
    );
    for (const { provider_payment_id: id } of intents) {
      await stripe()
        .paymentIntents.cancel(id, {}, { idempotencyKey: `cancel:${id}` })
        .catch((error) => log.error({ err: error }, `Could not cancel PaymentIntent ${id}`));
    }
  }
  return expired.length;
}
