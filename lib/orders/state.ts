import type { OrderStatus } from "@/db/schema";

/**
 * The order state machine of the contract. Every change of `orders.status` goes through a conditional
 * UPDATE (`… where status in (allowed sources)`), so duplicate or out-of-order events change nothing.
 */
const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ["paid", "payment_failed", "cancelled"],
  payment_failed: ["pending_payment", "paid", "cancelled"],
  awaiting_confirmation: ["processing", "cancelled"],
  paid: ["processing", "cancelled", "partially_refunded", "refunded"],
  processing: ["shipped", "cancelled", "partially_refunded", "refunded"],
  shipped: ["delivered", "partially_refunded", "refunded"],
  delivered: ["partially_refunded", "refunded"],
  partially_refunded: ["partially_refunded", "refunded", "processing", "shipped", "delivered"],
  refunded: [],
  cancelled: ["paid"],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The statuses an order may be in to move to `to`. */
export function sourcesOf(to: OrderStatus): OrderStatus[] {
  return (Object.keys(TRANSITIONS) as OrderStatus[]).filter((from) => TRANSITIONS[from].includes(to));
}

/** Stock is committed (taken off on_hand) in these statuses: the sales the dashboard counts as booked. */
export const STOCK_COMMITTED: readonly OrderStatus[] = [
  "awaiting_confirmation",
  "paid",
  "processing",
  "shipped",
  "delivered",
  "partially_refunded",
  "refunded",
];
