import { sql } from "drizzle-orm";
import { type Database, rows, type Transaction } from "@/db/client";
import type { CardProviderName, OrderForPayment, StoredPayment } from "./provider";

/** Card payment attempts as stored (lib/payments reads and writes the payments table). */

interface PaymentRow {
  id: string;
  order_id: string;
  order_no: string;
  attempt: number;
  provider: CardProviderName;
  provider_payment_id: string | null;
  amount: string;
  paid_amount: string | null;
  currency: string;
  provider_data: Record<string, unknown> | null;
  status: string;
  updated_at: Date | string;
}

const COLUMNS = sql`p.id, p.order_id, o.order_no, p.attempt, p.provider, p.provider_payment_id, p.amount,
  p.paid_amount, p.currency, p.provider_data, p.status, p.updated_at`;

function toStored(row: PaymentRow): StoredPayment {
  return {
    id: row.id,
    orderId: row.order_id,
    orderNo: row.order_no,
    attempt: row.attempt,
    provider: row.provider,
    providerPaymentId: row.provider_payment_id,
    amount: Number(row.amount),
    paidAmount: row.paid_amount === null ? null : Number(row.paid_amount),
    currency: row.currency,
    providerData: row.provider_data,
    paidAt: row.status === "succeeded" ? new Date(row.updated_at) : null,
  };
}

async function one(db: Database | Transaction, where: ReturnType<typeof sql>): Promise<StoredPayment | null> {
  const [row] = await rows<PaymentRow>(
    db,
    sql`select ${COLUMNS} from payments p join orders o on o.id = p.order_id
      where p.provider <> 'manual' and ${where} order by p.attempt desc limit 1`,
  );
  return row ? toStored(row) : null;
}

export const paymentById = (db: Database | Transaction, id: string) => one(db, sql`p.id = ${id}`);

/** By the provider's handle (PaymentIntent id, Checkout Form token, merchant_oid) of one provider. */
export const paymentByHandle = (db: Database | Transaction, provider: CardProviderName, handle: string) =>
  one(db, sql`p.provider = ${provider} and p.provider_payment_id = ${handle}`);

/** The order's latest card attempt. */
export const latestPaymentOf = (db: Database | Transaction, orderNo: string) =>
  one(db, sql`o.order_no = ${orderNo}`);

/** Attempts of an order that may still be paid at their provider (other than `except`). */
export async function openPaymentsOf(db: Database | Transaction, orderId: string, except?: string) {
  const found = await rows<PaymentRow>(
    db,
    sql`select ${COLUMNS} from payments p join orders o on o.id = p.order_id
      where p.order_id = ${orderId} and p.provider <> 'manual' and p.provider_payment_id is not null
        and p.status not in ('succeeded', 'canceled') and p.id <> ${except ?? ""}
      order by p.attempt`,
  );
  return found.map(toStored);
}

/** The order as placed, in the shape providers open a payment with. */
export async function orderForPayment(db: Database | Transaction, orderId: string): Promise<OrderForPayment> {
  const [row] = await rows<{
    id: string;
    order_no: string;
    user_id: string | null;
    email: string;
    locale: "tr" | "en";
    currency: string;
    subtotal: string;
    discount: string;
    shipping: string;
    fees: string;
    tax: string;
    total: string;
    tax_included: boolean;
    shipping_address: OrderForPayment["shippingAddress"];
    billing_address: OrderForPayment["billingAddress"];
    items: OrderForPayment["items"];
  }>(
    db,
    sql`
    select o.id, o.order_no, o.user_id, o.email, o.locale, o.currency, o.subtotal, o.discount, o.shipping, o.fees,
      o.tax, o.total, o.tax_included, o.shipping_address, o.billing_address,
      coalesce((select json_agg(json_build_object('sku', i.sku, 'productSlug', i.product_slug, 'name', i.name,
        'variantName', i.variant_name, 'qty', i.qty, 'unitPrice', i.unit_price, 'lineTotal', i.line_total,
        'discount', i.discount) order by i.id) from order_items i where i.order_id = o.id), '[]') as items
    from orders o where o.id = ${orderId}`,
  );
  if (!row) throw new Error(`order ${orderId} not found`);
  return {
    id: row.id,
    orderNo: row.order_no,
    userId: row.user_id,
    email: row.email,
    locale: row.locale,
    currency: row.currency,
    subtotal: Number(row.subtotal),
    discount: Number(row.discount),
    shipping: Number(row.shipping),
    fees: Number(row.fees),
    tax: Number(row.tax),
    total: Number(row.total),
    taxIncluded: row.tax_included,
    shippingAddress: row.shipping_address,
    billingAddress: row.billing_address,
    items: row.items.map((item) => ({
      ...item,
      unitPrice: Number(item.unitPrice),
      lineTotal: Number(item.lineTotal),
      discount: Number(item.discount),
    })),
  };
}
