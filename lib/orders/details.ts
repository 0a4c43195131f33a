import { sql } from "drizzle-orm";
import { type Database, rows } from "@/db/client";
import type { AddressSnapshot, PaymentFailureReason } from "@/db/schema";
import type { PaymentSession } from "@/lib/payments/provider";
import { publicShipment, type ShipmentView, shipmentsOf } from "@/lib/shipments/service";
import { findOrder, type OrderSummary } from "./service";
import { PUBLIC_NOTES, type ShopperLine } from "./tracking";

export interface OrderDetails extends OrderSummary {
  items: (ShopperLine & { image: string | null; lineTotal: number })[];
  shippingAddress: AddressSnapshot;
  billingAddress: AddressSnapshot;
  shippingMethod: { name: string; carrier: string; price: number };
  taxLines: { rateBp: number; base: number; amount: number }[];
  shipments: ShipmentView[];
  timeline: { type: string; at: string; note: string | null; actor: string }[];
  /** The latest card payment attempt (null for orders paid offline). */
  payment: {
    provider: string;
    status: string;
    session: PaymentSession | null;
    failureReason: PaymentFailureReason | null;
    installments: number | null;
    paidAmount: number | null;
  } | null;
}

/** Everything the buyer's order page shows (the caller checks that this visitor may see it). */
export async function orderDetails(db: Database, orderNo: string): Promise<OrderDetails | null> {
  const order = await findOrder(db, orderNo);
  if (!order) return null;
  const [row] = await rows<{
    shipping_address: AddressSnapshot;
    billing_address: AddressSnapshot;
    shipping_method: { name: string; carrier: string; price: number };
    pricing: { taxLines: OrderDetails["taxLines"] };
    items: OrderDetails["items"];
    timeline: OrderDetails["timeline"];
    payment:
      | (Omit<NonNullable<OrderDetails["payment"]>, "paidAmount"> & { paidAmount: string | null })
      | null;
  }>(
    db,
    sql`
    select o.shipping_address, o.billing_address, o.shipping_method, o.pricing,
      coalesce((select json_agg(json_build_object('sku', i.sku, 'name', i.name, 'variant', i.variant_name,
        'image', i.image, 'qty', i.qty, 'unitPrice', i.unit_price, 'lineTotal', i.line_total) order by i.id)
        from order_items i where i.order_id = o.id), '[]') as items,
      coalesce((select json_agg(json_build_object('type', e.type, 'at', e.created_at, 'note', e.note, 'actor', e.actor)
        order by e.id) from order_events e where e.order_id = o.id), '[]') as timeline,
      (select json_build_object('provider', p.provider, 'status', p.status, 'session', p.session,
        'failureReason', p.failure_reason, 'installments', p.installments, 'paidAmount', p.paid_amount)
        from payments p where p.order_id = o.id and p.provider <> 'manual' order by p.attempt desc limit 1) as payment
    from orders o where o.id = ${order.id}`,
  );
  if (!row) return null;
  return {
    ...order,
    items: row.items.map((i) => ({ ...i, unitPrice: Number(i.unitPrice), lineTotal: Number(i.lineTotal) })),
    shippingAddress: row.shipping_address,
    billingAddress: row.billing_address,
    shippingMethod: row.shipping_method,
    taxLines: row.pricing.taxLines ?? [],
    shipments: (await shipmentsOf(db, order.id)).map(publicShipment),
    // Staff notes stay internal; the buyer sees the same notes as tracking shows.
    timeline: row.timeline.map((e) => ({
      ...e,
      note: PUBLIC_NOTES.has(e.type) ? e.note : null,
      at: new Date(e.at).toISOString(),
    })),
    payment: row.payment
      ? {
          ...row.payment,
          paidAmount: row.payment.paidAmount === null ? null : Number(row.payment.paidAmount),
        }
      : null,
  };
}

/** A signed-in shopper's orders, newest first. */
export async function ordersOfUser(db: Database, userId: string) {
  return await rows<{
    order_no: string;
    status: string;
    total: string;
    currency: string;
    placed_at: string | Date;
  }>(
    db,
    sql`select order_no, status, total, currency, placed_at from orders
    where user_id = ${userId} order by placed_at desc limit 50`,
  );
}
