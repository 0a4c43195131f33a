import { sql } from "drizzle-orm";
import { type Database, rows, type Transaction } from "@/db/client";
import type { OrderStatus, PaymentMethod } from "@/db/schema";
import type { Amounts, Totals } from "@/lib/pricing/engine";
import { emitOrderEvent, STATUS_EVENTS } from "@/lib/webhooks/orders";
import { sourcesOf } from "./state";

type Executor = Database | Transaction;

/**
 * Moves an order to `to` if, and only if, its current status allows it, and writes the timeline entry
 * in the same statement. Returns the status it came from, or null when the move was not allowed (a
 * duplicate or late event): callers then do nothing else. A move that webhooks announce (order.paid,
 * order.shipped…) is announced here, once, as the move itself happens once.
 */
export async function transition(
  db: Executor,
  orderId: string,
  to: OrderStatus,
  event: { type: string; actor: string; note?: string | null; at: string },
): Promise<OrderStatus | null> {
  const [row] = await rows<{ from_status: OrderStatus }>(
    db,
    sql`
    with previous as (
      select id, status from orders where id = ${orderId} for update
    ), moved as (
      update orders o set status = ${to}, updated_at = ${event.at}
      from previous
      where o.id = previous.id and previous.status in ${sourcesOf(to)}
      returning previous.status as from_status
    ), logged as (
      insert into order_events (order_id, type, from_status, to_status, note, actor, created_at)
      select ${orderId}, ${event.type}, from_status, ${to}, ${event.note ?? null}, ${event.actor}, ${event.at}
      from moved
    )
    select from_status from moved`,
  );
  const from = row?.from_status ?? null;
  const announced = STATUS_EVENTS[to];
  if (from && announced) await emitOrderEvent(db, announced, orderId, from);
  return from;
}

/** A timeline entry that is not a status change (a payment step, a refund, a note). */
export async function logEvent(
  db: Executor,
  orderId: string,
  event: { type: string; actor: string; note?: string | null; at: string },
): Promise<void> {
  await db.execute(sql`insert into order_events (order_id, type, note, actor, created_at)
    values (${orderId}, ${event.type}, ${event.note ?? null}, ${event.actor}, ${event.at})`);
}

/** Who placed an order, how and in what: the first fields of every view of it. */
export interface OrderHeader {
  id: string;
  orderNo: string;
  status: OrderStatus;
  email: string;
  userId: string | null;
  locale: string;
  paymentMethod: PaymentMethod;
  currency: string;
}

export interface OrderSummary extends OrderHeader {
  total: number;
  totals: OrderTotals;
  paymentDueAt: string | null;
  placedAt: string;
}

export interface OrderTotals extends Totals {
  refunded: number;
}

/** The amount columns of an `orders` row: postgres returns numeric as text. */
export type AmountColumns = Record<keyof Amounts, string>;

/** An `orders` row as `select *` returns it (the columns the summaries read). */
export interface OrderRow extends AmountColumns {
  id: string;
  order_no: string;
  status: OrderStatus;
  email: string;
  user_id: string | null;
  locale: string;
  payment_method: PaymentMethod;
  currency: string;
  tax_included: boolean;
  refunded: string;
  payment_due_at: string | Date | null;
  placed_at: string | Date;
}

/** An order's amounts in kuruş. */
export function orderAmounts(row: AmountColumns): Amounts {
  return {
    subtotal: Number(row.subtotal),
    discount: Number(row.discount),
    shipping: Number(row.shipping),
    tax: Number(row.tax),
    fees: Number(row.fees),
    total: Number(row.total),
  };
}

/** An order's totals in kuruş, with what has been refunded. */
export function orderTotals(row: OrderRow): OrderTotals {
  return { ...orderAmounts(row), taxIncluded: row.tax_included, refunded: Number(row.refunded) };
}

const iso = (value: string | Date) => new Date(value).toISOString();

export function orderHeader(row: OrderRow): OrderHeader {
  return {
    id: row.id,
    orderNo: row.order_no,
    status: row.status,
    email: row.email,
    userId: row.user_id,
    locale: row.locale,
    paymentMethod: row.payment_method,
    currency: row.currency,
  };
}

export function toSummary(row: OrderRow): OrderSummary {
  return {
    ...orderHeader(row),
    total: Number(row.total),
    totals: orderTotals(row),
    paymentDueAt: row.payment_due_at ? iso(row.payment_due_at) : null,
    placedAt: iso(row.placed_at),
  };
}

export async function findOrder(db: Executor, orderNo: string): Promise<OrderSummary | null> {
  const [row] = await rows<OrderRow>(db, sql`select * from orders where order_no = ${orderNo}`);
  return row ? toSummary(row) : null;
}
