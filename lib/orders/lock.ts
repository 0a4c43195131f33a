import { sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { rows } from "@/db/client";
import type { OrderStatus, PaymentMethod } from "@/db/schema";
import { AppError } from "@/lib/errors";

/** Statuses in which money has been received and may be refunded. */
export const REFUNDABLE_STATUSES: readonly OrderStatus[] = [
  "paid",
  "processing",
  "shipped",
  "delivered",
  "partially_refunded",
];

export interface LockedOrder {
  id: string;
  order_no: string;
  status: OrderStatus;
  email: string;
  locale: "tr" | "en";
  payment_method: PaymentMethod;
  total: string;
  refunded: string;
}

/** The order row, locked until the transaction ends (every staff action on an order starts here). */
export async function lockOrder(tx: Transaction, orderNo: string): Promise<LockedOrder> {
  const [order] = await rows<LockedOrder>(
    tx,
    sql`select id, order_no, status, email, locale, payment_method, total, refunded from orders
      where order_no = ${orderNo.trim().toUpperCase()} for update`,
  );
  if (!order) throw new AppError("ORDER_NOT_FOUND", { orderNo });
  return order;
}
