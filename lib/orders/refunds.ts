import { sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { rows } from "@/db/client";
import type { OrderStatus } from "@/db/schema";
import { requestHash, withIdempotency } from "@/lib/checkout/idempotency";
import { env } from "@/lib/env";
import { AppError, type FieldCode } from "@/lib/errors";
import { clockAt, restock } from "@/lib/inventory/reservations";
import { issueCreditNote } from "@/lib/invoices/service";
import { iso } from "@/lib/lists";
import { log } from "@/lib/log";
import { enqueueEmail } from "@/lib/notifications/emails";
import { lockOrder, REFUNDABLE_STATUSES } from "@/lib/orders/lock";
import type { RefundInput } from "@/lib/orders/schemas";
import { transition } from "@/lib/orders/service";
import { sendRefund } from "@/lib/payments/refunds";
import { adminCode, type StaffContext } from "@/lib/staff-context";

export interface RefundView {
  id: string;
  amount: number;
  reason: string;
  actor: string;
  providerRefundId: string | null;
  /** An offline order's refund: the IBAN the money is to be transferred to. */
  iban: string | null;
  createdAt: string;
}

/** What a caller does in the refund's own transaction once it is recorded (a return moving to `refunded`). */
export type OnRefundRecorded = (tx: Transaction, refund: RefundView) => Promise<void>;

export interface RefundResult {
  refund: RefundView;
  order: { orderNo: string; status: OrderStatus; total: number; refunded: number; refundable: number };
  restocked: { sku: string; qty: number }[];
}

/** The card attempt that took an order's money (SQL for an insert). */
export const paidAttempt = (orderId: string) =>
  sql`(select id from payments where order_id = ${orderId} and provider <> 'manual' and status = 'succeeded'
    order by attempt desc limit 1)`;

interface OrderLine {
  id: number;
  sku: string;
  variant_id: number | null;
  qty: number;
  line_total: string;
  discount: string;
  restocked: number;
}

/** What a line's `qty` units were paid: their share of the line after its discount (exact for the whole line). */
function shareOf(line: OrderLine, qty: number): number {
  const paid = Number(line.line_total) - Number(line.discount);
  return qty === line.qty ? paid : Math.floor((paid * qty) / line.qty);
}

function toView(row: {
  id: string;
  amount: string | number;
  reason: string;
  actor: string;
  provider_refund_id: string | null;
  iban: string | null;
  created_at: Date | string;
}): RefundView {
  return {
    id: row.id,
    amount: Number(row.amount),
    reason: row.reason,
    actor: row.actor,
    providerRefundId: row.provider_refund_id,
    iban: row.iban,
    createdAt: iso(row.created_at) ?? "",
  };
}

/**
 * The database half of a refund, in ONE transaction under the order's row lock: a refund recorded earlier
 * with the same key is returned as it is (nothing changes); otherwise the amount is checked against what
 * remains (total − refunded: 422 REFUND_EXCEEDS_REMAINING, nothing changed), the refunds row is written
 * with the key (unique), orders.refunded grows, the order moves to partially_refunded / refunded through
 * the state machine, the lines asked for go back to stock, and the "refunded" email is queued. Because
 * every refund of an order waits for the same row lock and re-reads `refunded`, refunds made at the same
 * time can never add up to more than was paid (the orders_refund_check constraint backs this up).
 */
async function recordRefund(
  db: Database,
  orderNo: string,
  input: RefundInput,
  key: string,
  context: StaffContext,
  onRecorded?: OnRefundRecorded,
) {
  const clock = clockAt(context.now ?? new Date(), env().RESERVATION_TTL_MINUTES);
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, orderNo);
    const storedKey = `admin:${order.id}:${key}`;
    const [earlier] = await rows<Parameters<typeof toView>[0]>(
      tx,
      sql`select id, amount, reason, actor, provider_refund_id, iban, created_at from refunds
        where idempotency_key = ${storedKey}`,
    );
    const lines = await rows<OrderLine>(
      tx,
      sql`select id, sku, variant_id, qty, line_total, discount, restocked from order_items where order_id = ${order.id}`,
    );
    if (earlier) {
      // The same key again (a retry after Stripe failed, a double submit): the first refund, unless the
      // request asks for another amount — then the key is being reused for something else.
      const asked =
        input.amount ??
        (input.items ?? []).reduce((sum, item) => {
          const line = lines.find((l) => l.sku === item.sku);
          return sum + (line ? shareOf(line, Math.min(item.qty, line.qty)) : 0);
        }, 0);
      if (asked !== Number(earlier.amount)) throw new AppError("IDEMPOTENCY_KEY_REUSED");
      return { order, refund: toView(earlier), restocked: [], replay: true };
    }

    const total = Number(order.total);
    const refundable = total - Number(order.refunded);
    if (!REFUNDABLE_STATUSES.includes(order.status) && order.status !== "refunded") {
      throw new AppError("INVALID_TRANSITION", { from: order.status, to: "refunded", reason: "not_paid" });
    }

    const fields: Record<string, FieldCode> = {};
    const chosen: { line: OrderLine; qty: number; restock: boolean }[] = [];
    for (const [index, item] of (input.items ?? []).entries()) {
      const line = lines.find((l) => l.sku === item.sku);
      if (!line) {
        fields[`items.${index}.sku`] = adminCode("notInOrder");
        continue;
      }
      if (item.qty > line.qty) {
        fields[`items.${index}.qty`] = adminCode("tooManyUnits", { max: line.qty });
        continue;
      }
      if (item.restock && item.qty > line.qty - line.restocked) {
        fields[`items.${index}.qty`] = adminCode("tooManyToRestock", {
          max: line.qty - line.restocked,
        });
        continue;
      }
      chosen.push({ line, qty: item.qty, restock: item.restock });
    }
    if (Object.keys(fields).length > 0) throw new AppError("VALIDATION_FAILED", { fields });

    const amount = input.amount ?? chosen.reduce((sum, c) => sum + shareOf(c.line, c.qty), 0);
    if (amount <= 0)
      throw new AppError("VALIDATION_FAILED", {
        fields: { amount: adminCode("amountOrItems") },
      });
    if (amount > refundable) {
      throw new AppError("REFUND_EXCEEDS_REMAINING", { refundable, requested: amount, total });
    }
    // A card order's money goes back to the attempt that took it; an offline order's by a transfer to the
    // buyer's IBAN, when one is given (staff make it outside the store).
    const card = order.payment_method === "card";
    const [made] = await rows<Parameters<typeof toView>[0]>(
      tx,
      sql`insert into refunds (order_id, payment_id, amount, reason, idempotency_key, iban, actor, created_at)
        values (${order.id}, ${card ? paidAttempt(order.id) : null}, ${amount},
          ${input.reason}, ${storedKey}, ${card ? null : (input.iban ?? null)}, ${context.actor}, ${clock.now})
        returning id, amount, reason, actor, provider_refund_id, iban, created_at`,
    );
    if (!made) throw new Error("refund insert returned nothing");
    await tx.execute(sql`update orders set refunded = refunded + ${amount}, updated_at = ${clock.now}
      where id = ${order.id}`);
    const to = amount === refundable ? "refunded" : "partially_refunded";
    const from = await transition(tx, order.id, to, {
      type: "refunded",
      actor: context.actor,
      note: input.reason,
      at: clock.now,
    });
    if (!from)
      throw new AppError("INVALID_TRANSITION", { from: order.status, to, reason: "not_allowed_from_status" });

    const items = chosen.map((c) => ({ itemId: c.line.id, qty: c.qty }));
    await issueCreditNote(
      tx,
      { id: made.id, orderId: order.id, amount, reason: input.reason, items },
      new Date(clock.now),
    );
    const back = chosen.filter((c) => c.restock && c.line.variant_id !== null);
    await restock(
      tx,
      back.map((c) => ({ variantId: c.line.variant_id as number, qty: c.qty })),
      order.order_no,
      clock,
    );
    for (const c of back) {
      await tx.execute(sql`update order_items set restocked = restocked + ${c.qty} where id = ${c.line.id}`);
    }
    await onRecorded?.(tx, toView(made));
    await enqueueEmail(tx, `refunded:${made.id}`, {
      kind: "refunded",
      to: order.email,
      locale: order.locale,
      orderNo: order.order_no,
      data: { amount },
    });
    return {
      order: { ...order, status: to as OrderStatus, refunded: String(Number(order.refunded) + amount) },
      refund: toView(made),
      restocked: back.map((c) => ({ sku: c.line.sku, qty: c.qty })),
      replay: false,
    };
  });
}

/**
 * `POST /api/admin/orders/{orderNo}/refunds` and the refund form: a refund of `amount` (or of the given
 * lines' share), exactly once per Idempotency-Key. The same key and body again answer the first refund
 * (201, `Idempotent-Replayed: true`); the same key with another body is 422 IDEMPOTENCY_KEY_REUSED. The
 * money moves at the provider that took the payment after the database committed; if it cannot be
 * reached or refuses, the refund stays recorded and the answer is 502 PAYMENT_PROVIDER_ERROR — sending
 * the same request again retries the provider (lib/payments/refunds.ts: one refund there, whatever happens).
 */
export async function refundOrder(
  db: Database,
  orderNo: string,
  input: RefundInput,
  key: string,
  context: StaffContext,
  onRecorded?: OnRefundRecorded,
): Promise<{ status: number; body: RefundResult; replayed: boolean }> {
  const normalized = orderNo.trim().toUpperCase();
  const response = await withIdempotency(
    db,
    "admin-refund",
    `${normalized}:${key}`,
    requestHash({ orderNo: normalized, input }),
    async () => {
      const recorded = await recordRefund(db, normalized, input, key, context, onRecorded);
      try {
        const providerId = await sendRefund(db, recorded.refund.id);
        recorded.refund.providerRefundId = providerId;
      } catch (error) {
        log.error(
          { err: error },
          `Refund ${recorded.refund.id} of ${normalized} could not be sent to the payment provider`,
        );
        throw new AppError("PAYMENT_PROVIDER_ERROR", {
          orderNo: normalized,
          refundId: recorded.refund.id,
          recorded: true,
        });
      }
      const [now] = await rows<{ status: OrderStatus; total: string; refunded: string }>(
        db,
        sql`select status, total, refunded from orders where order_no = ${normalized}`,
      );
      const total = Number(now?.total ?? recorded.order.total);
      const refunded = Number(now?.refunded ?? recorded.order.refunded);
      const body: RefundResult = {
        refund: recorded.refund,
        order: {
          orderNo: normalized,
          status: now?.status ?? recorded.order.status,
          total,
          refunded,
          refundable: total - refunded,
        },
        restocked: recorded.restocked,
      };
      return { status: 201, body };
    },
  );
  return { status: response.status, body: response.body as RefundResult, replayed: response.replayed };
}

/** Card refunds recorded but not accepted by their provider yet, oldest first; of one order when named. */
async function unsentRefunds(db: Database, orderNo?: string) {
  const ofOrder = orderNo ? sql`and o.order_no = ${orderNo.trim().toUpperCase()}` : sql``;
  return rows<{ id: string; order_no: string }>(
    db,
    sql`select r.id, o.order_no from refunds r join orders o on o.id = r.order_id
      where o.payment_method = 'card' and r.provider_refund_id is null ${ofOrder}
      order by r.created_at`,
  );
}

/** Retries the provider for refunds of an order recorded but not accepted yet (the order page's button). */
export async function retryPendingRefunds(db: Database, orderNo: string): Promise<number> {
  let sent = 0;
  for (const { id } of await unsentRefunds(db, orderNo)) {
    if (await sendRefund(db, id)) sent++;
  }
  return sent;
}

/**
 * The `retry_refunds` job of the queue's crontab: every card refund the provider could not be reached
 * for, or refused, is sent again (sendRefund sends each refund's money once, however often it runs).
 * One refund failing again does not hold up the others; it stays on its order page until accepted.
 */
export async function retryUnsentRefunds(db: Database): Promise<{ sent: number; failed: number }> {
  const result = { sent: 0, failed: 0 };
  for (const { id, order_no } of await unsentRefunds(db)) {
    try {
      if (await sendRefund(db, id)) result.sent++;
    } catch (error) {
      result.failed++;
      log.warn({ err: error }, `Refund ${id} of ${order_no}: the payment provider refused it again`);
    }
  }
  return result;
}
