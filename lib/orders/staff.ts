import { sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { type Executor, rows } from "@/db/client";
import type { AddressSnapshot, OrderStatus, PaymentMethod } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { clockAt, releaseOrderStock, restock } from "@/lib/inventory/reservations";
import { containsPattern, iso, orderBy, type Page } from "@/lib/lists";
import { log } from "@/lib/log";
import { enqueueEmail } from "@/lib/notifications/emails";
import { collectOnDelivery, manualPaymentReceived } from "@/lib/orders/fulfilment";
import { lockOrder, REFUNDABLE_STATUSES } from "@/lib/orders/lock";
import {
  logEvent,
  type OrderHeader,
  type OrderRow,
  type OrderTotals,
  orderHeader,
  orderTotals,
  transition,
} from "@/lib/orders/service";
import { canTransition, STOCK_COMMITTED } from "@/lib/orders/state";
import { abandonOpenAttempts } from "@/lib/payments/apply";
import { sendRefund } from "@/lib/payments/refunds";
import type { StaffContext } from "@/lib/staff-context";
import { emitOrderEvent } from "@/lib/webhooks/orders";

export { REFUNDABLE_STATUSES };

import { issueCreditNote, issueInvoice } from "@/lib/invoices/service";
import { paidAttempt } from "@/lib/orders/refunds";
import {
  type OrderListQuery,
  STAFF_TARGETS,
  type StaffTarget,
  type TransitionInput,
} from "@/lib/orders/schemas";
import { readPage } from "@/lib/paging";
import {
  deliverManualShipments,
  recordManualShipment,
  type ShipmentLine,
  type StaffShipmentView,
  shipmentsOf,
  shipOnConfirmation,
  unshippedLines,
} from "@/lib/shipments/service";

export interface AdminOrderListItem {
  orderNo: string;
  status: OrderStatus;
  email: string;
  billingName: string;
  paymentMethod: PaymentMethod;
  currency: string;
  total: number;
  refunded: number;
  items: number;
  placedAt: string;
}

export interface AdminOrderDetail extends OrderHeader {
  placedAt: string;
  updatedAt: string;
  paymentDueAt: string | null;
  totals: OrderTotals & {
    /** What can still be refunded: total − refunded. */
    refundable: number;
  };
  shippingAddress: AddressSnapshot;
  billingAddress: AddressSnapshot;
  shippingMethod: { id?: string; name?: string; carrier?: string; price?: number } & Record<string, unknown>;
  coupons: { code: string; type: string; discount: number }[];
  items: {
    id: number;
    sku: string;
    variantId: number | null;
    productSlug: string;
    name: string;
    variantName: string;
    image: string | null;
    qty: number;
    unitPrice: number;
    lineTotal: number;
    discount: number;
    tax: number;
    taxRateBp: number;
    restocked: number;
  }[];
  payments: {
    id: string;
    attempt: number;
    provider: string;
    method: PaymentMethod;
    status: string;
    amount: number;
    currency: string;
    providerPaymentId: string | null;
    createdAt: string;
    updatedAt: string;
    /** Charged, installment interest included. */
    paidAmount: number | null;
    installments: number | null;
    /** Why it failed: the store's reason and the provider's own code and message. */
    failureReason: string | null;
    failureCode: string | null;
    failureMessage: string | null;
  }[];
  refunds: {
    id: string;
    amount: number;
    reason: string;
    actor: string;
    providerRefundId: string | null;
    /** An offline order's refund: the buyer's IBAN to transfer it to. */
    iban: string | null;
    /** recorded: an offline order's refund (paid back outside the store); pending: not yet accepted by the provider. */
    state: "recorded" | "pending" | "sent";
    createdAt: string;
  }[];
  shipments: StaffShipmentView[];
  /** Units of each SKU not in a parcel yet (what "Kargoya ver" can still send). */
  unshipped: ShipmentLine[];
  timeline: {
    id: number;
    type: string;
    from: string | null;
    to: string | null;
    note: string | null;
    actor: string;
    at: string;
  }[];
  /** The staff moves the state machine allows from the current status. */
  allowedTransitions: StaffTarget[];
  /** Whether a refund may be made now. */
  refundable: boolean;
}

const ORDER_SORT = {
  orderNo: sql`o.order_no`,
  placedAt: sql`o.placed_at`,
  status: sql`o.status`,
  total: sql`o.total`,
};

/** Orders, newest first unless sorted otherwise; `q` matches the order number, the email or the billing name (Turkish-folded). */
export async function listAdminOrders(
  db: Database,
  query: OrderListQuery,
): Promise<Page<AdminOrderListItem>> {
  const conditions = [sql`true`];
  if (query.status) conditions.push(sql`o.status = ${query.status}`);
  if (query.q) {
    const pattern = containsPattern(query.q);
    conditions.push(sql`(o.order_no like upper(${pattern}) or o.email like lower(${pattern})
      or store_fold(o.billing_address->>'name') like store_fold(${pattern}))`);
  }
  const where = sql.join(conditions, sql` and `);
  const found = await readPage<{
    order_no: string;
    status: OrderStatus;
    email: string;
    billing_name: string | null;
    payment_method: PaymentMethod;
    currency: string;
    total: string;
    refunded: string;
    items: number;
    placed_at: Date | string;
  }>(db, query, {
    count: sql`from orders o where ${where}`,
    select: sql`select o.order_no, o.status, o.email, o.billing_address->>'name' as billing_name, o.payment_method,
        o.currency, o.total, o.refunded, o.placed_at,
        (select coalesce(sum(qty), 0)::int from order_items i where i.order_id = o.id) as items
      from orders o where ${where} order by ${orderBy(query.sort, ORDER_SORT, sql`o.order_no desc`)}`,
  });

  return {
    ...found,
    items: found.items.map((row) => ({
      orderNo: row.order_no,
      status: row.status,
      email: row.email,
      billingName: row.billing_name ?? "",
      paymentMethod: row.payment_method,
      currency: row.currency,
      total: Number(row.total),
      refunded: Number(row.refunded),
      items: row.items,
      placedAt: iso(row.placed_at) ?? "",
    })),
  };
}

interface DetailRow extends OrderRow {
  pricing: { coupons?: { code: string; type: string; discount: number }[] } | null;
  shipping_address: AddressSnapshot;
  billing_address: AddressSnapshot;
  shipping_method: AdminOrderDetail["shippingMethod"];
  updated_at: Date | string;
  items: (Omit<AdminOrderDetail["items"][number], "unitPrice" | "lineTotal" | "discount" | "tax"> & {
    unitPrice: number | string;
    lineTotal: number | string;
    discount: number | string;
    tax: number | string;
  })[];
  payments: (Omit<AdminOrderDetail["payments"][number], "amount" | "paidAmount"> & {
    amount: number | string;
    paidAmount: number | string | null;
  })[];
  refunds: (Omit<AdminOrderDetail["refunds"][number], "amount" | "state"> & { amount: number | string })[];
  timeline: (Omit<AdminOrderDetail["timeline"][number], "id"> & { id: number | string })[];
}

/** Everything staff need about one order, or null. Never the PaymentIntent's client secret. */
export async function getAdminOrder(db: Executor, orderNo: string): Promise<AdminOrderDetail | null> {
  const [row] = await rows<DetailRow>(
    db,
    sql`select o.*,
      coalesce((select json_agg(json_build_object('id', i.id, 'sku', i.sku, 'variantId', i.variant_id,
        'productSlug', i.product_slug, 'name', i.name, 'variantName', i.variant_name, 'image', i.image, 'qty', i.qty,
        'unitPrice', i.unit_price, 'lineTotal', i.line_total, 'discount', i.discount, 'tax', i.tax,
        'taxRateBp', i.tax_rate_bp, 'restocked', i.restocked) order by i.id)
        from order_items i where i.order_id = o.id), '[]') as items,
      coalesce((select json_agg(json_build_object('id', p.id, 'attempt', p.attempt, 'provider', p.provider,
        'method', p.method, 'status', p.status, 'amount', p.amount, 'currency', p.currency,
        'providerPaymentId', p.provider_payment_id, 'createdAt', p.created_at, 'updatedAt', p.updated_at,
        'paidAmount', p.paid_amount, 'installments', p.installments, 'failureReason', p.failure_reason,
        'failureCode', p.failure_code, 'failureMessage', p.failure_message)
        order by p.attempt) from payments p where p.order_id = o.id), '[]') as payments,
      coalesce((select json_agg(json_build_object('id', r.id, 'amount', r.amount, 'reason', r.reason, 'actor', r.actor,
        'providerRefundId', r.provider_refund_id, 'iban', r.iban, 'createdAt', r.created_at) order by r.created_at, r.id)
        from refunds r where r.order_id = o.id), '[]') as refunds,
      coalesce((select json_agg(json_build_object('id', e.id, 'type', e.type, 'from', e.from_status, 'to', e.to_status,
        'note', e.note, 'actor', e.actor, 'at', e.created_at) order by e.created_at, e.id)
        from order_events e where e.order_id = o.id), '[]') as timeline
    from orders o where o.order_no = ${orderNo.trim().toUpperCase()}`,
  );
  if (!row) return null;
  const totals = orderTotals(row);
  const refundable = totals.total - totals.refunded;
  const card = row.payment_method === "card";
  return {
    ...orderHeader(row),
    placedAt: iso(row.placed_at) ?? "",
    updatedAt: iso(row.updated_at) ?? "",
    paymentDueAt: iso(row.payment_due_at),
    totals: { ...totals, refundable },
    shippingAddress: row.shipping_address,
    billingAddress: row.billing_address,
    shippingMethod: row.shipping_method,
    coupons: (row.pricing?.coupons ?? []).map((c) => ({
      code: c.code,
      type: c.type,
      discount: Number(c.discount),
    })),
    items: row.items.map((item) => ({
      ...item,
      unitPrice: Number(item.unitPrice),
      lineTotal: Number(item.lineTotal),
      discount: Number(item.discount),
      tax: Number(item.tax),
    })),
    payments: row.payments.map((p) => ({
      ...p,
      amount: Number(p.amount),
      paidAmount: p.paidAmount === null ? null : Number(p.paidAmount),
      createdAt: iso(p.createdAt) ?? "",
      updatedAt: iso(p.updatedAt) ?? "",
    })),
    refunds: row.refunds.map((r) => ({
      ...r,
      amount: Number(r.amount),
      state: r.providerRefundId ? "sent" : card ? "pending" : "recorded",
      createdAt: iso(r.createdAt) ?? "",
    })),
    shipments: await shipmentsOf(db, row.id),
    unshipped: await unshippedLines(db, row.id),
    timeline: row.timeline.map((e) => ({ ...e, id: Number(e.id), at: iso(e.at) ?? "" })),
    allowedTransitions: STAFF_TARGETS.filter((to) => canTransition(row.status, to)),
    refundable: REFUNDABLE_STATUSES.includes(row.status) && refundable > 0,
  };
}

function refused(from: OrderStatus, to: OrderStatus, reason: string): AppError {
  return new AppError("INVALID_TRANSITION", { from, to, reason });
}

/** Units of each line not yet back on the shelf, for a cancellation of an order whose stock was taken. */
async function unreturnedLines(tx: Transaction, orderId: string) {
  return rows<{ id: number; variant_id: number; qty: number }>(
    tx,
    sql`select id, variant_id, qty - restocked as qty from order_items
      where order_id = ${orderId} and variant_id is not null and qty > restocked order by variant_id`,
  );
}

/** Gives back the order's claims on discount codes (usage count and per-customer redemption). */
async function releaseCoupons(tx: Transaction, orderId: string) {
  await tx.execute(sql`
    with given_back as (delete from coupon_redemptions where order_id = ${orderId} returning coupon_id)
    update coupons set used_count = used_count - 1 where id in (select coupon_id from given_back)`);
}

export interface TransitionResult {
  order: AdminOrderDetail;
  from: OrderStatus;
  /** A refund made by a cancellation: whether the provider accepted it (false: recorded, retry pending). */
  refund?: { id: string; amount: number; sentToProvider: boolean };
}

/**
 * A staff move through the order state machine, in one transaction under the order's row lock and with
 * the conditional `transition()`, so a refused or raced move changes nothing (409 INVALID_TRANSITION with
 * `details.from`/`to`). What each move does besides:
 * - `processing`: confirming an offline order (awaiting_confirmation → processing, timeline "confirmed";
 *   a bank transfer's payment is marked received) or starting to fulfil a paid one.
 * - `processing`: also requests the order's parcel from its carrier (lib/shipments, a job).
 * - `shipped`: a manual shipment (carrier, tracking number typed by hand) and the "shipped" email.
 * - `delivered`: the manual shipments become delivered (a cash-on-delivery payment is marked received).
 * - `cancelled`: stock committed to the order goes back on the shelf (ledger 'return'); holds of an unpaid
 *   order are released and its open payment attempts given up; a paid card order is refunded what remains
 *   through the provider that took it (one refund per order, lib/payments/refunds.ts); code usage is given back.
 * Every move is in the timeline under the actor's name.
 */
export async function transitionOrder(
  db: Database,
  orderNo: string,
  input: TransitionInput,
  context: StaffContext,
): Promise<TransitionResult> {
  const now = context.now ?? new Date();
  const clock = clockAt(now, env().RESERVATION_TTL_MINUTES);
  const to = input.to;
  const outcome = await db.transaction(async (tx) => {
    const order = await lockOrder(tx, orderNo);
    if (!(STAFF_TARGETS as readonly string[]).includes(to)) {
      throw refused(order.status, to, to.includes("refund") ? "use_refunds" : "not_a_staff_action");
    }
    if (!canTransition(order.status, to)) throw refused(order.status, to, "not_allowed_from_status");
    const type = to === "processing" && order.status === "awaiting_confirmation" ? "confirmed" : to;
    const publicNote = to === "shipped" ? `${input.carrier} ${input.trackingNo}` : (input.note ?? null);
    const from = await transition(tx, order.id, to, {
      type,
      actor: context.actor,
      note: publicNote,
      at: clock.now,
    });
    if (!from) throw refused(order.status, to, "changed_meanwhile");
    let refund: { id: string; amount: number } | undefined;
    let cancelIntents = false;

    if (to === "processing" && from === "awaiting_confirmation" && order.payment_method === "bank_transfer") {
      await manualPaymentReceived(tx, order.id, clock.now);
    }
    // An offline order confirmed by staff is a sale: its invoice is issued with the confirmation.
    if (to === "processing" && from === "awaiting_confirmation") await issueInvoice(tx, order.id, now);
    // Confirmed (or a paid order taken into fulfilment): its parcel is requested from the carrier.
    if (to === "processing") await shipOnConfirmation(tx, order.id, clock.now);
    if (to === "shipped") {
      // The shipped event's note (carrier and tracking number) is what tracking shows the shopper; a staff
      // note goes into an entry of its own.
      if (input.note)
        await logEvent(tx, order.id, { type: "note", actor: context.actor, note: input.note, at: clock.now });
      const shipmentId = await recordManualShipment(
        tx,
        order.id,
        { carrier: input.carrier ?? "", trackingNo: input.trackingNo ?? "" },
        clock.now,
      );
      await enqueueEmail(tx, `shipped:${order.order_no}:${shipmentId}`, {
        kind: "shipped",
        to: order.email,
        locale: order.locale,
        orderNo: order.order_no,
        data: { carrier: input.carrier ?? "", trackingNo: input.trackingNo ?? "" },
      });
    }
    if (to === "delivered") {
      await deliverManualShipments(tx, order.id, clock.now);
      await collectOnDelivery(tx, order, clock.now);
    }
    if (to === "cancelled") {
      if (STOCK_COMMITTED.includes(from)) {
        const lines = await unreturnedLines(tx, order.id);
        await restock(
          tx,
          lines.map((line) => ({ variantId: line.variant_id, qty: line.qty })),
          order.order_no,
          clock,
        );
        await tx.execute(sql`update order_items set restocked = qty
          where order_id = ${order.id} and variant_id is not null`);
      } else {
        await releaseOrderStock(tx, order.id, order.order_no, clock);
        cancelIntents = true;
      }
      await releaseCoupons(tx, order.id);
      const remaining = Number(order.total) - Number(order.refunded);
      const paidByCard = order.payment_method === "card" && (from === "paid" || from === "processing");
      if (paidByCard && remaining > 0) {
        const [made] = await rows<{ id: string }>(
          tx,
          sql`insert into refunds (order_id, payment_id, amount, reason, idempotency_key, actor, created_at)
            values (${order.id}, ${paidAttempt(order.id)}, ${remaining}, 'order_cancelled', ${`cancel:${order.id}`},
              ${context.actor}, ${clock.now})
            on conflict (idempotency_key) do nothing returning id`,
        );
        if (made) {
          await tx.execute(
            sql`update orders set refunded = total, updated_at = ${clock.now} where id = ${order.id}`,
          );
          await logEvent(tx, order.id, { type: "refunded", actor: context.actor, at: clock.now });
          // The status stays cancelled, but the money goes back: integrators hear of it as of any refund.
          await emitOrderEvent(tx, "order.refunded", order.id);
          await issueCreditNote(
            tx,
            { id: made.id, orderId: order.id, amount: remaining, reason: "order_cancelled" },
            now,
          );
          await enqueueEmail(tx, `refunded:${made.id}`, {
            kind: "refunded",
            to: order.email,
            locale: order.locale,
            orderNo: order.order_no,
            data: { amount: remaining },
          });
          refund = { id: made.id, amount: remaining };
        }
      }
      if (order.payment_method !== "card") {
        await tx.execute(sql`update payments set status = 'canceled', updated_at = ${clock.now}
          where order_id = ${order.id} and provider = 'manual' and status = 'pending'`);
      }
    }
    return { orderId: order.id, from, refund, cancelIntents };
  });

  if (outcome.cancelIntents) await abandonOpenAttempts(db, outcome.orderId);
  let refund: TransitionResult["refund"];
  if (outcome.refund) {
    const sent = await sendRefund(db, outcome.refund.id).then(
      (id) => id !== null,
      (error) => {
        log.error(
          { err: error },
          `Refund ${outcome.refund?.id} of ${orderNo} could not be sent to the provider`,
        );
        return false;
      },
    );
    refund = { ...outcome.refund, sentToProvider: sent };
  }
  const order = await getAdminOrder(db, orderNo);
  if (!order) throw new AppError("ORDER_NOT_FOUND", { orderNo });
  return { order, from: outcome.from, ...(refund ? { refund } : {}) };
}
