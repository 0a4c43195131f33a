import { sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { rows } from "@/db/client";
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
import { issueInvoice } from "@/lib/invoices/service";
import { log } from "@/lib/log";
import { formatMoney } from "@/lib/money";
import { enqueueEmail } from "@/lib/notifications/emails";
import { logEvent, transition } from "@/lib/orders/service";
import { shipWhenPaid } from "@/lib/shipments/service";
import { emitOrderEvent } from "@/lib/webhooks/orders";
import type { ProviderPaymentState } from "./provider";
import { openPaymentsOf } from "./records";
import { sendRefund } from "./refunds";
import { providerNamed } from "./settings";

/**
 * The one place a card payment's outcome moves an order, whichever provider reported it and however
 * (Stripe event, iyzico callback or notification, PayTR notification, a read-back when the shopper
 * returns). Every message is verified before it gets here. Each application runs in one transaction under
 * the order's row lock and goes through the order state machine with a conditional update, so repeats,
 * races and late or out-of-order messages change nothing: the order moves once, the stock is committed
 * once, one email is queued. A payment whose amount or currency differs from its attempt's never counts.
 */

export type Outcome = "applied" | "ignored" | "rejected";

/** Which attempt a message is about: by the provider's handle, or (Stripe metadata) by order and attempt. */
export type PaymentKey =
  | { provider: string; handle: string; orderId?: string; attempt?: number }
  | { paymentId: string };

interface Locked {
  order: {
    id: string;
    order_no: string;
    status: OrderStatus;
    email: string;
    locale: Locale;
    total: string;
    currency: string;
  };
  payment: {
    id: string;
    attempt: number;
    provider: string;
    status: string;
    amount: string;
    currency: string;
    latest: number;
  };
  /** The provider's handle the message named (stored if the attempt never got it: a lost create answer). */
  handle: string | null;
}

/**
 * Locks the order of the attempt, then reads the attempt afresh: every message about an order waits for the
 * one before it and sees what it left behind.
 */
async function lock(tx: Transaction, key: PaymentKey): Promise<Locked | null> {
  const where =
    "paymentId" in key
      ? sql`p.id = ${key.paymentId}`
      : sql`p.provider = ${key.provider} and (p.provider_payment_id = ${key.handle}
          or (p.provider_payment_id is null and p.order_id = ${key.orderId ?? ""} and p.attempt = ${key.attempt ?? 0}))`;
  const [found] = await rows<{ id: string; order_id: string }>(
    tx,
    sql`select p.id, p.order_id from payments p where ${where} order by p.attempt desc limit 1`,
  );
  if (!found) return null;
  const [order] = await rows<Locked["order"]>(
    tx,
    sql`select id, order_no, status, email, locale, total, currency from orders where id = ${found.order_id} for update`,
  );
  const [payment] = await rows<Locked["payment"]>(
    tx,
    sql`select id, attempt, provider, status, amount, currency,
        (select max(attempt) from payments where order_id = ${found.order_id}) as latest
      from payments where id = ${found.id}`,
  );
  return order && payment ? { order, payment, handle: "handle" in key ? key.handle : null } : null;
}

/** After a commit: money to send back, and attempts to give up at their providers. */
interface Aftermath {
  outcome: Outcome;
  refundId?: string;
  abandonOthers?: { orderId: string; paymentId: string };
}

const PAYABLE: readonly OrderStatus[] = ["pending_payment", "payment_failed", "cancelled"];

async function succeeded(
  tx: Transaction,
  { order, payment, handle }: Locked,
  state: Extract<ProviderPaymentState, { status: "succeeded" }>,
  clock: Clock,
): Promise<Aftermath> {
  if (payment.status === "succeeded") {
    // Already applied; an automatic refund whose call failed then is sent now.
    const [unsent] = await rows<{ id: string }>(
      tx,
      sql`select id from refunds where idempotency_key = ${`auto-refund:${payment.id}`} and provider_refund_id is null`,
    );
    return { outcome: "ignored", refundId: unsent?.id };
  }
  if (state.amount !== Number(payment.amount) || state.currency !== payment.currency) {
    // Recorded once per attempt and figure; staff see it on the timeline and in the webhook log.
    const note = `${formatMoney(state.amount, state.currency, order.locale)} (${state.currency}) ≠ ${formatMoney(Number(payment.amount), payment.currency, order.locale)}`;
    const [seen] = await rows<{ id: number }>(
      tx,
      sql`select id from order_events where order_id = ${order.id} and type = 'payment_amount_mismatch' and note = ${note}`,
    );
    if (!seen) {
      await logEvent(tx, order.id, {
        type: "payment_amount_mismatch",
        actor: payment.provider,
        note,
        at: clock.now,
      });
    }
    return { outcome: "rejected" };
  }
  await tx.execute(sql`update payments set status = 'succeeded', paid_amount = ${state.paidAmount},
      installments = coalesce(${state.installments ?? null}::int, installments, 1), provider_data = coalesce(provider_data, '{}'::jsonb) || ${JSON.stringify(state.data ?? {})}::jsonb,
      failure_reason = null, failure_code = null, failure_message = null,
      provider_payment_id = coalesce(provider_payment_id, ${handle}), updated_at = ${clock.now}
    where id = ${payment.id}`);

  if (!PAYABLE.includes(order.status)) {
    // The order was already paid by another attempt: this second charge goes back in full.
    const refundId = await recordRefund(
      tx,
      order.id,
      payment.id,
      state.paidAmount,
      "duplicate_payment",
      clock,
    );
    await logEvent(tx, order.id, { type: "duplicate_payment_refunded", actor: "system", at: clock.now });
    return { outcome: "applied", refundId };
  }

  const [stock] = await rows<{ held: number; ordered: number }>(
    tx,
    sql`select coalesce((select sum(qty) from reservations where order_id = ${order.id} and status = 'active'), 0)::int as held,
        coalesce((select sum(qty) from order_items where order_id = ${order.id}), 0)::int as ordered`,
  );
  let secured = false;
  if (stock && stock.held === stock.ordered && stock.held > 0) {
    await commitOrderStock(tx, order.id, order.order_no, clock);
    secured = true;
  } else {
    // The holds are gone (the payment failed or the window closed first): take the stock again if it is there.
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
    const refundId = await recordRefund(
      tx,
      order.id,
      payment.id,
      state.paidAmount,
      "stock_unavailable",
      clock,
    );
    await logEvent(tx, order.id, { type: "auto_refunded", actor: "system", at: clock.now });
    await tx.execute(
      sql`update orders set refunded = total, updated_at = ${clock.now} where id = ${order.id}`,
    );
    await emitOrderEvent(tx, "order.refunded", order.id);
    return { outcome: "applied", refundId };
  }
  if (order.status === "cancelled") await reclaimCoupons(tx, order.id, clock);
  await transition(tx, order.id, "paid", {
    type: "payment_succeeded",
    actor: payment.provider,
    at: clock.now,
  });
  await issueInvoice(tx, order.id, new Date(clock.now));
  await shipWhenPaid(tx, order.id, clock.now);
  await enqueueEmail(tx, `payment_confirmed:${order.order_no}`, {
    kind: "payment_confirmed",
    to: order.email,
    locale: order.locale,
    orderNo: order.order_no,
  });
  return { outcome: "applied", abandonOthers: { orderId: order.id, paymentId: payment.id } };
}

/** A refund of a whole card payment the store makes by itself (one per payment: the key is unique). */
async function recordRefund(
  tx: Transaction,
  orderId: string,
  paymentId: string,
  amount: number,
  reason: string,
  clock: Clock,
): Promise<string | undefined> {
  const [made] = await rows<{ id: string }>(
    tx,
    sql`insert into refunds (order_id, payment_id, amount, reason, idempotency_key, actor, created_at)
      values (${orderId}, ${paymentId}, ${amount}, ${reason}, ${`auto-refund:${paymentId}`}, 'system', ${clock.now})
      on conflict (idempotency_key) do nothing returning id`,
  );
  return made?.id;
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

/**
 * Failed or cancelled: the attempt records why; if it is the order's current attempt and the order still
 * waits for it, the holds are released and the shopper may retry while the window lasts.
 */
async function failed(
  tx: Transaction,
  { order, payment, handle }: Locked,
  state: Extract<ProviderPaymentState, { status: "failed" | "canceled" }>,
  clock: Clock,
): Promise<Aftermath> {
  if (payment.status === "succeeded" || payment.status === "canceled") return { outcome: "ignored" };
  const status = state.status === "canceled" ? "canceled" : "failed";
  const { reason, code, message } = state.failure;
  const changed = await rows<{ id: string }>(
    tx,
    sql`update payments set status = ${status}, failure_reason = ${reason}, failure_code = ${code},
        failure_message = ${message?.slice(0, 500) ?? null},
        provider_payment_id = coalesce(provider_payment_id, ${handle}), updated_at = ${clock.now}
      where id = ${payment.id} and (status <> ${status} or failure_code is distinct from ${code}) returning id`,
  );
  if (order.status !== "pending_payment" || payment.attempt !== payment.latest) {
    return { outcome: changed.length > 0 ? "applied" : "ignored" };
  }
  await transition(tx, order.id, "payment_failed", {
    type: "payment_failed",
    actor: payment.provider,
    note: reason,
    at: clock.now,
  });
  await releaseOrderStock(tx, order.id, order.order_no, clock);
  await enqueueEmail(tx, `payment_failed:${order.order_no}:${payment.id}`, {
    kind: "payment_failed",
    to: order.email,
    locale: order.locale,
    orderNo: order.order_no,
  });
  return { outcome: "applied" };
}

/** processing / requires_action: recorded on the attempt and the timeline; the order keeps waiting. */
async function step(tx: Transaction, { order, payment, handle }: Locked, status: string, clock: Clock) {
  if (order.status !== "pending_payment" || payment.status === status || payment.status === "succeeded") {
    return { outcome: "ignored" as const };
  }
  await tx.execute(sql`update payments set status = ${status},
    provider_payment_id = coalesce(provider_payment_id, ${handle}), updated_at = ${clock.now} where id = ${payment.id}`);
  await logEvent(tx, order.id, { type: `payment_${status}`, actor: payment.provider, at: clock.now });
  return { outcome: "applied" as const };
}

/** Applies a verified state of one attempt; see the module comment. */
export async function applyPaymentState(
  db: Database,
  key: PaymentKey,
  state: ProviderPaymentState,
  now = new Date(),
): Promise<Outcome> {
  if (state.status === "pending") return "ignored";
  const clock = clockAt(now, env().RESERVATION_TTL_MINUTES);
  const after = await db.transaction(async (tx): Promise<Aftermath> => {
    const locked = await lock(tx, key);
    if (!locked) return { outcome: "ignored" };
    switch (state.status) {
      case "succeeded":
        return succeeded(tx, locked, state, clock);
      case "failed":
      case "canceled":
        return failed(tx, locked, state, clock);
      default:
        return step(tx, locked, state.status, clock);
    }
  });
  // Money and the providers' other attempts are dealt with after the commit, so a provider call never holds
  // the order's lock. A refund that cannot be sent fails the whole message: the provider delivers it again
  // (or the shopper's return asks again), and the repeat sends the recorded refund, once.
  if (after.refundId) await sendRefund(db, after.refundId);
  if (after.abandonOthers) {
    await abandonOpenAttempts(db, after.abandonOthers.orderId, after.abandonOthers.paymentId);
  }
  return after.outcome;
}

/** Gives up an order's attempts that could still be paid (best effort: a late success is refunded anyway). */
export async function abandonOpenAttempts(db: Database | Transaction, orderId: string, except?: string) {
  for (const payment of await openPaymentsOf(db, orderId, except)) {
    const provider = providerNamed(payment.provider);
    try {
      await provider?.abandon(payment);
      // A failed attempt keeps its status and reason; one still open is marked given up.
      await db.execute(sql`update payments set status = 'canceled', updated_at = now()
        where id = ${payment.id} and status not in ('succeeded', 'canceled', 'failed')`);
    } catch (error) {
      log.error({ err: error }, `Could not give up payment ${payment.id} at ${payment.provider}`);
    }
  }
}
