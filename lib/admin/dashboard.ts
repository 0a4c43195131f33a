import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { rows } from "@/db/client";
import { env } from "@/lib/env";
import { STORE_TIME_ZONE } from "@/lib/i18n/dates";
import { STOCK_COMMITTED } from "@/lib/orders/state";

/**
 * The staff dashboard's figures, in a handful of statements. Every day and month boundary is a calendar
 * day in Istanbul (`Europe/Istanbul`), whatever the server's time zone.
 *
 * Definitions (shown on the page too):
 * - Revenue: Σ (total − refunded) of the orders placed in the period that are booked: awaiting
 *   confirmation (cash on delivery, bank transfer), paid, processing, shipped, delivered, partially
 *   refunded or refunded (a fully refunded order adds 0). Unpaid, failed and cancelled orders add nothing.
 * - Orders: the booked orders of the period, fully refunded ones excluded; average order value = revenue /
 *   orders, rounded to whole minor units.
 * - Payment failure rate (this month): card orders placed this month that ever reached payment_failed
 *   (now or in their timeline) / card orders placed this month.
 * - Abandoned-cart rate (last 30 days): carts with at least one item, last active in the last 30 days, whose
 *   last activity is more than an hour old / all such carts.
 * - Active reservations: holds with status active that have not expired yet; count and units.
 */

export const TIME_ZONE = STORE_TIME_ZONE;
export const SERIES_DAYS = 30;
export const ABANDONED_AFTER_MS = 60 * 60_000;

export interface Period {
  /** Net revenue in minor units of `currency`. */
  revenue: number;
  orders: number;
  /** revenue / orders, rounded; 0 without orders. */
  averageOrderValue: number;
}

export interface DayPoint {
  /** The Istanbul calendar day, YYYY-MM-DD. */
  date: string;
  revenue: number;
  orders: number;
}

export interface LowStockItem {
  sku: string;
  productName: string;
  variantName: string;
  onHand: number;
  reserved: number;
  available: number;
}

export interface Dashboard {
  currency: string;
  /** Istanbul calendar day of `now`, YYYY-MM-DD. */
  today: string;
  todayStats: Period;
  monthStats: Period;
  payments: { cardOrders: number; failed: number /** 0..1, null without card orders */; rate: number | null };
  carts: { withItems: number; abandoned: number /** 0..1, null without carts */; rate: number | null };
  reservations: { count: number; units: number };
  /** The last 30 Istanbul days, oldest first, today last; days without orders are zeros. */
  daily: DayPoint[];
  lowStock: LowStockItem[];
  lowStockThreshold: number;
}

export interface DashboardOptions {
  currency?: string;
  lowStockThreshold?: number;
  locale?: string;
  /** Low-stock rows shown at most (default 20). */
  lowStockLimit?: number;
}

/** A booked order is a sale: its stock is committed. */
const booked = sql.raw(STOCK_COMMITTED.map((s) => `'${s}'`).join(", "));

function period(revenue: number, orders: number): Period {
  return { revenue, orders, averageOrderValue: orders > 0 ? Math.round(revenue / orders) : 0 };
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

export async function dashboard(
  db: Database,
  now: Date = new Date(),
  options: DashboardOptions = {},
): Promise<Dashboard> {
  const currency = options.currency ?? env().STORE_CURRENCY;
  const threshold = options.lowStockThreshold ?? env().LOW_STOCK_THRESHOLD;
  const limit = options.lowStockLimit ?? 20;
  const at = now.toISOString();
  // Istanbul midnights as instants: today's, the 1st of this month's, and the first day of the series.
  const bounds = sql`(select
      (${at}::timestamptz at time zone ${TIME_ZONE})::date as today,
      date_trunc('month', ${at}::timestamptz at time zone ${TIME_ZONE})::date as month_start,
      (${at}::timestamptz at time zone ${TIME_ZONE})::date - ${SERIES_DAYS - 1}::int as series_start)`;
  const local = sql`(o.placed_at at time zone ${TIME_ZONE})::date`;
  const net = sql`(o.total - o.refunded)`;
  const counted = sql`o.status in (${booked}) and o.status <> 'refunded'`;

  const [summaryRows, dailyRows, activityRows, lowRows] = await Promise.all([
    rows<{
      today: string;
      today_revenue: number;
      today_orders: number;
      month_revenue: number;
      month_orders: number;
      card_orders: number;
      card_failed: number;
    }>(
      db,
      sql`select b.today::text as today,
          coalesce(sum(${net}) filter (where ${local} = b.today and o.status in (${booked})), 0)::bigint::float8
            as today_revenue,
          count(*) filter (where ${local} = b.today and ${counted})::int as today_orders,
          coalesce(sum(${net}) filter (where o.status in (${booked})), 0)::bigint::float8 as month_revenue,
          count(*) filter (where ${counted})::int as month_orders,
          count(*) filter (where o.payment_method = 'card')::int as card_orders,
          count(*) filter (where o.payment_method = 'card' and (o.status = 'payment_failed' or exists (
            select 1 from order_events e where e.order_id = o.id and e.to_status = 'payment_failed')))::int
            as card_failed
        from ${bounds} b
        left join orders o on o.placed_at >= (b.month_start::timestamp at time zone ${TIME_ZONE})
          and o.placed_at <= ${at}::timestamptz and o.currency = ${currency}
        group by b.today`,
    ),
    rows<{ day: string; revenue: number; orders: number }>(
      db,
      sql`with b as ${bounds}
        select d::date::text as day,
          coalesce(sum(${net}) filter (where o.status in (${booked})), 0)::bigint::float8 as revenue,
          count(o.id) filter (where ${counted})::int as orders
        from b
        cross join generate_series(b.series_start, b.today, interval '1 day') d
        left join orders o on ${local} = d::date and o.currency = ${currency} and o.placed_at <= ${at}::timestamptz
        group by d order by d`,
    ),
    rows<{ with_items: number; abandoned: number; reservations: number; units: number }>(
      db,
      sql`select
          (select count(*)::int from carts c where c.last_activity_at > ${at}::timestamptz - interval '30 days'
            and c.last_activity_at <= ${at}::timestamptz
            and exists (select 1 from cart_items i where i.cart_id = c.id)) as with_items,
          (select count(*)::int from carts c where c.last_activity_at > ${at}::timestamptz - interval '30 days'
            and c.last_activity_at < ${at}::timestamptz - ${`${ABANDONED_AFTER_MS} milliseconds`}::interval
            and exists (select 1 from cart_items i where i.cart_id = c.id)) as abandoned,
          (select count(*)::int from reservations r
            where r.status = 'active' and r.expires_at > ${at}::timestamptz) as reservations,
          (select coalesce(sum(r.qty), 0)::int from reservations r
            where r.status = 'active' and r.expires_at > ${at}::timestamptz) as units`,
    ),
    rows<{
      sku: string;
      product_name: string;
      variant_name: string;
      on_hand: number;
      reserved: number;
    }>(
      db,
      sql`select v.sku, ${options.locale === "en" ? sql`p.name_en` : sql`p.name_tr`} as product_name,
          ${options.locale === "en" ? sql`v.name_en` : sql`v.name_tr`} as variant_name,
          coalesce(i.on_hand, 0) as on_hand, coalesce(i.reserved, 0) as reserved
        from variants v join products p on p.id = v.product_id left join inventory i on i.variant_id = v.id
        where v.active and p.active and coalesce(i.on_hand, 0) - coalesce(i.reserved, 0) <= ${threshold}
        order by coalesce(i.on_hand, 0) - coalesce(i.reserved, 0), v.sku
        limit ${limit}`,
    ),
  ]);

  const summary = summaryRows[0];
  const activity = activityRows[0];
  const withItems = activity?.with_items ?? 0;
  const abandoned = activity?.abandoned ?? 0;
  const cardOrders = summary?.card_orders ?? 0;
  const failed = summary?.card_failed ?? 0;
  return {
    currency,
    today: summary?.today ?? at.slice(0, 10),
    todayStats: period(Number(summary?.today_revenue ?? 0), summary?.today_orders ?? 0),
    monthStats: period(Number(summary?.month_revenue ?? 0), summary?.month_orders ?? 0),
    payments: { cardOrders, failed, rate: ratio(failed, cardOrders) },
    carts: { withItems, abandoned, rate: ratio(abandoned, withItems) },
    reservations: { count: activity?.reservations ?? 0, units: activity?.units ?? 0 },
    daily: dailyRows.map((row) => ({ date: row.day, revenue: Number(row.revenue), orders: row.orders })),
    lowStock: lowRows.map((row) => ({
      sku: row.sku,
      productName: row.product_name,
      variantName: row.variant_name,
      onHand: row.on_hand,
      reserved: row.reserved,
      available: row.on_hand - row.reserved,
    })),
    lowStockThreshold: threshold,
  };
}
