import { sql } from "drizzle-orm";
import { type Database, rows } from "@/db/client";
import type { OrderStatus } from "@/db/schema";
import type { Locale } from "@/lib/i18n/locale";
import type { Amounts } from "@/lib/pricing/engine";
import { publicShipment, type ShipmentView, shipmentsOf } from "@/lib/shipments/service";
import { type AmountColumns, orderAmounts } from "./service";

/** An order line as the shopper sees it (tracking, the order page). */
export interface ShopperLine {
  sku: string;
  name: string;
  variant: string;
  qty: number;
  unitPrice: number;
}

export interface Tracking {
  orderNo: string;
  status: OrderStatus;
  placedAt: string;
  currency: string;
  items: ShopperLine[];
  totals: Amounts;
  shipments: ShipmentView[];
  timeline: { type: string; at: string; note?: string }[];
}

/** Timeline entries whose note a shopper may read (staff notes on other entries stay internal). */
export const PUBLIC_NOTES = new Set(["shipped", "parcel"]);

/**
 * What a shopper sees when tracking: status, items, totals, shipments and timeline — never the
 * address, email or payment data. Null for an unknown number AND for a wrong email, so the answer
 * does not reveal which orders exist.
 */
export async function trackOrder(
  db: Database,
  orderNo: string,
  email: string,
  _locale: Locale,
): Promise<Tracking | null> {
  const [order] = await rows<
    AmountColumns & {
      order_no: string;
      status: OrderStatus;
      placed_at: string | Date;
      currency: string;
      items: Tracking["items"];
      id: string;
      timeline: { type: string; at: string; note: string | null }[];
    }
  >(
    db,
    sql`
    select o.id, o.order_no, o.status, o.placed_at, o.currency, o.subtotal, o.discount, o.shipping, o.tax, o.fees, o.total,
      coalesce((select json_agg(json_build_object('sku', i.sku, 'name', i.name, 'variant', i.variant_name,
        'qty', i.qty, 'unitPrice', i.unit_price) order by i.id) from order_items i where i.order_id = o.id), '[]') as items,
      coalesce((select json_agg(json_build_object('type', e.type, 'at', e.created_at, 'note', e.note) order by e.id)
        from order_events e where e.order_id = o.id), '[]') as timeline
    from orders o where o.order_no = ${orderNo} and o.email = ${email.trim().toLowerCase()}`,
  );
  if (!order) return null;
  return {
    orderNo: order.order_no,
    status: order.status,
    placedAt: new Date(order.placed_at).toISOString(),
    currency: order.currency,
    items: order.items.map((item) => ({ ...item, unitPrice: Number(item.unitPrice) })),
    totals: orderAmounts(order),
    shipments: (await shipmentsOf(db, order.id)).map(publicShipment),
    timeline: order.timeline.map((event) => ({
      type: event.type,
      at: new Date(event.at).toISOString(),
      ...(event.note && PUBLIC_NOTES.has(event.type) ? { note: event.note } : {}),
    })),
  };
}
