import { type SQL, sql } from "drizzle-orm";
import { expect } from "vitest";
import type { Database } from "@/db/client";

/** Stock fixtures and the stock invariant, shared by the cart concurrency tests. */

export async function q<T>(db: Database, query: SQL): Promise<T[]> {
  return (await db.execute(query)) as unknown as T[];
}

/** Fresh active SKUs of one new product, each with inventory and its 'initial' on_hand ledger row. */
export async function makeSkus(db: Database, prefix: string, stocks: number[], price = 12_500) {
  const [category] = await q<{ id: number }>(db, sql`select id from categories order by id limit 1`);
  const [product] = await q<{ id: number }>(
    db,
    sql`insert into products (slug, name_tr, name_en, category_id)
      values (${`${prefix.toLowerCase()}-test`}, ${`${prefix} deneme`}, ${`${prefix} test`}, ${category?.id})
      returning id`,
  );
  const made: { id: number; sku: string; stock: number; productId: number; price: number }[] = [];
  for (const [index, stock] of stocks.entries()) {
    const sku = `${prefix}-${index}`;
    const [variant] = await q<{ id: number }>(
      db,
      sql`insert into variants (product_id, sku, name_tr, name_en, price, weight_grams, length_cm, width_cm,
          height_cm, position)
        values (${product?.id}, ${sku}, ${`Beden ${index}`}, ${`Size ${index}`}, ${price}, 100, 10, 10, 10, ${index})
        returning id`,
    );
    const id = variant?.id ?? 0;
    await db.execute(sql`insert into inventory (variant_id, on_hand) values (${id}, ${stock})`);
    await db.execute(sql`insert into stock_ledger (variant_id, on_hand_delta, reason, reference)
      values (${id}, ${stock}, 'initial', 'test')`);
    made.push({ id, sku, stock, productId: product?.id ?? 0, price });
  }
  return made;
}

/**
 * For every variant: reserved = the sum of its active reservations, 0 <= reserved <= on_hand, and the
 * ledger explains both numbers (sum of reserved_delta = reserved, sum of on_hand_delta = on_hand).
 */
export async function expectStockInvariant(db: Database) {
  const broken = await q<Record<string, number>>(
    db,
    sql`select * from (
      select i.variant_id, i.on_hand, i.reserved,
        coalesce((select sum(r.qty) from reservations r
          where r.variant_id = i.variant_id and r.status = 'active'), 0)::int as held,
        coalesce((select sum(l.reserved_delta) from stock_ledger l where l.variant_id = i.variant_id), 0)::int
          as ledger_reserved,
        coalesce((select sum(l.on_hand_delta) from stock_ledger l where l.variant_id = i.variant_id), 0)::int
          as ledger_on_hand
      from inventory i) s
    where reserved <> held or reserved < 0 or reserved > on_hand
      or ledger_reserved <> reserved or ledger_on_hand <> on_hand`,
  );
  expect(broken).toEqual([]);
}
