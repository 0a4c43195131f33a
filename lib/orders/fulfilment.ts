import { sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { emitOrderEvent } from "@/lib/webhooks/orders";
import type { LockedOrder } from "./lock";
import { transition } from "./service";

/**
 * The order moves that parcels cause (lib/shipments' tracking, the staff's manual `delivered`), through the
 * state machine's conditional transition, so a repeated event moves nothing.
 */

type Event = { actor: string; note?: string | null; at: string };

/** The first parcel was picked up: the order becomes shipped (a paid one passes through processing). */
export async function orderPickedUp(tx: Transaction, order: LockedOrder, event: Event): Promise<boolean> {
  if (order.status === "paid") await transition(tx, order.id, "processing", { type: "processing", ...event });
  return (await transition(tx, order.id, "shipped", { type: "shipped", ...event })) !== null;
}

/**
 * A bank transfer or cash-on-delivery payment was received (staff confirmed it, or the parcel was paid at
 * the door). The conditional update marks it once, so order.paid is announced once.
 */
export async function manualPaymentReceived(tx: Transaction, orderId: string, at: string): Promise<void> {
  const received = await tx.execute(sql`update payments set status = 'succeeded', updated_at = ${at}
    where order_id = ${orderId} and provider = 'manual' and status = 'pending' returning id`);
  if (received.length > 0) await emitOrderEvent(tx, "order.paid", orderId);
}

/** Cash on delivery: the money was taken at the door when the parcel was handed over. */
export async function collectOnDelivery(tx: Transaction, order: LockedOrder, at: string): Promise<void> {
  if (order.payment_method === "cash_on_delivery") await manualPaymentReceived(tx, order.id, at);
}

/** Every parcel was delivered: the order becomes delivered and a cash-on-delivery payment received. */
export async function orderDelivered(tx: Transaction, order: LockedOrder, event: Event): Promise<boolean> {
  if (!(await transition(tx, order.id, "delivered", { type: "delivered", ...event }))) return false;
  await collectOnDelivery(tx, order, event.at);
  return true;
}
