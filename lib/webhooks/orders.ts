import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { OrderStatus, WebhookEvent } from "@/db/schema";

/** The order events a status change announces (a partial refund too: each one is a refund). */
export const STATUS_EVENTS: Partial<Record<OrderStatus, WebhookEvent>> = {
  paid: "order.paid",
  cancelled: "order.cancelled",
  shipped: "order.shipped",
  delivered: "order.delivered",
  partially_refunded: "order.refunded",
  refunded: "order.refunded",
};

/**
 * An order event with the order as it is now: its number, status and amounts in kuruş, no personal data
 * (receivers read the rest through the admin API). `previousStatus` when a status change caused it.
 */
export async function emitOrderEvent(
  tx: Executor,
  type: WebhookEvent,
  orderId: string,
  previousStatus: OrderStatus | null = null,
): Promise<void> {
  await tx.execute(sql`select webhook_emit(${type}, jsonb_build_object('orderId', id, 'orderNo', order_no,
      'status', status, 'previousStatus', ${previousStatus}::text, 'paymentMethod', payment_method,
      'currency', currency, 'total', total::bigint, 'refunded', refunded::bigint))
    from orders where id = ${orderId}`);
}
