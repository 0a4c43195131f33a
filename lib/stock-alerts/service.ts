import { sql } from "drizzle-orm";
import { type Database, type Executor, rows } from "@/db/client";
import { AppError } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/locale";
import { containsPattern, iso, orderBy, type Page } from "@/lib/lists";
import { readPage } from "@/lib/paging";
import type { StockAlertListQuery } from "./schemas";

/** Public writes of one address: the same window as order tracking's guesses. */
export const SUBSCRIBE_LIMIT = { limit: 20, windowSeconds: 15 * 60 };

export interface Subscriber {
  /** Lower-cased: the account's when signed in, else the one given. */
  email: string;
  locale: Locale;
  userId?: string | null;
}

/**
 * "Gelince haber ver" on a sold-out variant of an active product. Unknown or inactive product or SKU →
 * 404 PRODUCT_NOT_FOUND; stock available → 409 IN_STOCK. One subscription per (variant, email):
 * subscribing again while one waits changes nothing; after it was notified, a new one starts.
 * The variant's inventory row is held (FOR SHARE) from the check to the insert, so a restock committing
 * meanwhile waits for the subscription and then finds it (the back-in-stock trigger, migration
 * stock_alerts); a variant that never had a row gets one at zero, for the same reason.
 */
export async function subscribe(
  db: Database,
  slug: string,
  sku: string,
  subscriber: Subscriber,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [variant] = await rows<{ id: number }>(
      tx,
      sql`select v.id from variants v join products p on p.id = v.product_id
        where p.slug = ${slug} and v.sku = ${sku} and p.active and v.active`,
    );
    if (!variant) throw new AppError("PRODUCT_NOT_FOUND", { slug, sku });
    await tx.execute(sql`insert into inventory (variant_id, on_hand, reserved)
      values (${variant.id}, 0, 0) on conflict (variant_id) do nothing`);
    const [stock] = await rows<{ available: number }>(
      tx,
      sql`select on_hand - reserved as available from inventory where variant_id = ${variant.id} for share`,
    );
    if ((stock?.available ?? 0) > 0) throw new AppError("IN_STOCK", { sku });
    await tx.execute(sql`delete from stock_alerts
      where variant_id = ${variant.id} and email = ${subscriber.email} and notified_at is not null`);
    await tx.execute(sql`insert into stock_alerts (variant_id, email, locale, user_id)
      values (${variant.id}, ${subscriber.email}, ${subscriber.locale}, ${subscriber.userId ?? null})
      on conflict (variant_id, email) do nothing`);
  });
}

/** Ends a subscription (the signed link was checked by the caller). Returns whether one was removed. */
export async function unsubscribe(db: Executor, alertId: number): Promise<boolean> {
  const removed = await rows(db, sql`delete from stock_alerts where id = ${alertId} returning id`);
  return removed.length > 0;
}

/** What an alert email needs: the subscription, its variant and product in the subscriber's language. */
export interface AlertToSend {
  id: number;
  email: string;
  locale: string;
  sku: string;
  slug: string;
  productName: string;
  variantName: string;
}

export async function alertToSend(db: Executor, alertId: number): Promise<AlertToSend | null> {
  const [row] = await rows<{
    id: number;
    email: string;
    locale: string;
    sku: string;
    slug: string;
    name_tr: string;
    name_en: string;
    variant_tr: string;
    variant_en: string;
  }>(
    db,
    sql`select a.id, a.email, a.locale, v.sku, p.slug, p.name_tr, p.name_en,
        v.name_tr as variant_tr, v.name_en as variant_en
      from stock_alerts a join variants v on v.id = a.variant_id join products p on p.id = v.product_id
      where a.id = ${alertId}`,
  );
  if (!row) return null;
  const en = row.locale === "en";
  return {
    id: Number(row.id),
    email: row.email,
    locale: row.locale,
    sku: row.sku,
    slug: row.slug,
    productName: en ? row.name_en : row.name_tr,
    variantName: en ? row.variant_en : row.variant_tr,
  };
}

export interface SkuSubscribers {
  sku: string;
  productName: string;
  variantName: string;
  waiting: number;
  notified: number;
  lastSubscribedAt: string;
}

const SUBSCRIBER_SORT = {
  sku: sql`v.sku`,
  waiting: sql`waiting`,
  lastSubscribedAt: sql`last_subscribed_at`,
};

/** Subscriptions per SKU for staff: waiting and already notified, newest first by default. */
export async function listSubscribersPerSku(
  db: Database,
  query: StockAlertListQuery,
  locale: string,
): Promise<Page<SkuSubscribers>> {
  const name = locale === "en" ? sql`p.name_en` : sql`p.name_tr`;
  const variantName = locale === "en" ? sql`v.name_en` : sql`v.name_tr`;
  const where = query.q ? sql`v.sku like upper(${containsPattern(query.q)})` : sql`true`;
  const found = await readPage<{
    sku: string;
    product_name: string;
    variant_name: string;
    waiting: number;
    notified: number;
    last_subscribed_at: Date | string;
  }>(db, query, {
    count: sql`from (select distinct a.variant_id from stock_alerts a join variants v on v.id = a.variant_id
      where ${where}) s`,
    select: sql`select v.sku, ${name} as product_name, ${variantName} as variant_name,
        count(*) filter (where a.notified_at is null)::int as waiting,
        count(*) filter (where a.notified_at is not null)::int as notified,
        max(a.created_at) as last_subscribed_at
      from stock_alerts a join variants v on v.id = a.variant_id join products p on p.id = v.product_id
      where ${where}
      group by v.sku, ${name}, ${variantName}
      order by ${orderBy(query.sort, SUBSCRIBER_SORT, sql`v.sku`)}`,
  });
  return {
    ...found,
    items: found.items.map((row) => ({
      sku: row.sku,
      productName: row.product_name,
      variantName: row.variant_name,
      waiting: row.waiting,
      notified: row.notified,
      lastSubscribedAt: iso(row.last_subscribed_at) ?? "",
    })),
  };
}
