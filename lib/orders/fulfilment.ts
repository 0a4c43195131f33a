import { sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
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

/** Cash on delivery: the money was taken at the door when the parcel was handed over. */
export async function collectOnDelivery(tx: Transaction, order: LockedOrder, at: string): Promise<void> {
  if (order.payment_method !== "cash_on_delivery") return;
  await tx.execute(sql`update payments set status = 'succeeded', updated_at = ${at}
    where order_id = ${order.id} and provider = 'manual' and status = 'pending'`);
}

/** Every parcel was delivered: the order becomes delivered and a cash-on-delivery payment received. */
export async function orderDelivered(tx: Transaction, order: LockedOrder, event: Event): Promise<boolean> {
  if (!(await transition(tx, order.id, "delivered", { type: "delivered", ...event }))) return false;
  await collectOnDelivery(tx, order, event.at);
  return true;
}
