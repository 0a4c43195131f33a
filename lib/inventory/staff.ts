import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { rows } from "@/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { lockStock } from "@/lib/inventory/reservations";
import type { InventoryListQuery, SetStockInput } from "@/lib/inventory/schemas";
import { containsPattern, iso, orderBy, type Page } from "@/lib/lists";
import { readPage } from "@/lib/paging";
import type { StaffContext } from "@/lib/staff-context";

export interface StockLevel {
  sku: string;
  variantId: number;
  product: { id: number; slug: string; name: string; active: boolean };
  variant: { name: string; active: boolean };
  onHand: number;
  reserved: number;
  available: number;
  updatedAt: string | null;
}

export interface LedgerEntry {
  id: number;
  onHandDelta: number;
  reservedDelta: number;
  reason: string;
  reference: string | null;
  at: string;
}

interface LevelRow {
  sku: string;
  variant_id: number;
  product_id: number;
  slug: string;
  product_name: string;
  product_active: boolean;
  variant_name: string;
  variant_active: boolean;
  on_hand: number;
  reserved: number;
  updated_at: Date | string | null;
}

const levelSelect = (locale: string) => sql`select v.sku, v.id as variant_id, p.id as product_id, p.slug,
    ${locale === "en" ? sql`p.name_en` : sql`p.name_tr`} as product_name, p.active as product_active,
    ${locale === "en" ? sql`v.name_en` : sql`v.name_tr`} as variant_name, v.active as variant_active,
    coalesce(i.on_hand, 0) as on_hand, coalesce(i.reserved, 0) as reserved, i.updated_at
  from variants v join products p on p.id = v.product_id left join inventory i on i.variant_id = v.id`;

function toLevel(row: LevelRow): StockLevel {
  return {
    sku: row.sku,
    variantId: row.variant_id,
    product: { id: row.product_id, slug: row.slug, name: row.product_name, active: row.product_active },
    variant: { name: row.variant_name, active: row.variant_active },
    onHand: row.on_hand,
    reserved: row.reserved,
    available: row.on_hand - row.reserved,
    updatedAt: iso(row.updated_at),
  };
}

const STOCK_SORT = {
  sku: sql`v.sku`,
  onHand: sql`coalesce(i.on_hand, 0)`,
  reserved: sql`coalesce(i.reserved, 0)`,
  available: sql`coalesce(i.on_hand, 0) - coalesce(i.reserved, 0)`,
};

/** Stock per SKU; `q` matches SKU and product names, `low` keeps SKUs at or under LOW_STOCK_THRESHOLD. */
export async function listStock(
  db: Database,
  query: InventoryListQuery,
  locale: string,
): Promise<Page<StockLevel>> {
  const conditions = [sql`true`];
  if (query.q) {
    const pattern = containsPattern(query.q);
    conditions.push(sql`(v.sku like upper(${pattern}) or p.search_text like store_fold(${pattern}))`);
  }
  if (query.low === "true") {
    conditions.push(sql`coalesce(i.on_hand, 0) - coalesce(i.reserved, 0) <= ${env().LOW_STOCK_THRESHOLD}`);
  }
  const where = sql.join(conditions, sql` and `);
  const found = await readPage<LevelRow>(db, query, {
    count: sql`from variants v join products p on p.id = v.product_id
      left join inventory i on i.variant_id = v.id where ${where}`,
    select: sql`${levelSelect(locale)} where ${where} order by ${orderBy(query.sort, STOCK_SORT, sql`v.sku`)}`,
  });

  return { ...found, items: found.items.map(toLevel) };
}

/** One SKU's stock and its latest ledger rows (newest first), or null for an unknown SKU. */
export async function stockOfSku(
  db: Database,
  sku: string,
  locale: string,
  ledgerLimit = 50,
): Promise<{ level: StockLevel; ledger: LedgerEntry[] } | null> {
  const [row] = await rows<LevelRow>(db, sql`${levelSelect(locale)} where v.sku = ${sku.toUpperCase()}`);
  if (!row) return null;
  const ledger = await rows<{
    id: number;
    on_hand_delta: number;
    reserved_delta: number;
    reason: string;
    reference: string | null;
    created_at: Date | string;
  }>(
    db,
    sql`select id, on_hand_delta, reserved_delta, reason, reference, created_at from stock_ledger
      where variant_id = ${row.variant_id} order by id desc limit ${ledgerLimit}`,
  );
  return {
    level: toLevel(row),
    ledger: ledger.map((entry) => ({
      id: Number(entry.id),
      onHandDelta: entry.on_hand_delta,
      reservedDelta: entry.reserved_delta,
      reason: entry.reason,
      reference: entry.reference,
      at: iso(entry.created_at) ?? "",
    })),
  };
}

/**
 * Sets a SKU's units on hand. Read and written under the inventory row's lock (lockStock, the store's lock
 * order), so no reservation can slip in between the check and the write: below what carts and unpaid
 * orders hold → 409 STOCK_BELOW_RESERVED (details.reserved) and nothing changes. The difference goes to
 * the ledger as 'adjustment' with "<staff name>: <reason>" as its reference. Unknown SKU → 404.
 */
export async function setStock(
  db: Database,
  sku: string,
  input: SetStockInput,
  context: StaffContext,
): Promise<StockLevel> {
  const now = (context.now ?? new Date()).toISOString();
  const normalized = sku.trim().toUpperCase();
  await db.transaction(async (tx) => {
    const [variant] = await rows<{ id: number }>(tx, sql`select id from variants where sku = ${normalized}`);
    if (!variant) throw new AppError("PRODUCT_NOT_FOUND", { sku: normalized });
    await tx.execute(sql`insert into inventory (variant_id, on_hand, reserved, updated_at)
      values (${variant.id}, 0, 0, ${now}) on conflict (variant_id) do nothing`);
    await lockStock(tx, [variant.id]);
    const [stock] = await rows<{ on_hand: number; reserved: number }>(
      tx,
      sql`select on_hand, reserved from inventory where variant_id = ${variant.id}`,
    );
    if (!stock) throw new Error("inventory row vanished");
    if (input.onHand < stock.reserved) {
      throw new AppError("STOCK_BELOW_RESERVED", {
        sku: normalized,
        onHand: input.onHand,
        reserved: stock.reserved,
      });
    }
    const delta = input.onHand - stock.on_hand;
    if (delta === 0) return;
    await tx.execute(sql`update inventory set on_hand = ${input.onHand}, updated_at = ${now}
      where variant_id = ${variant.id}`);
    const reference = `${context.actor}: ${input.reason || "-"}`.slice(0, 300);
    await tx.execute(sql`insert into stock_ledger (variant_id, on_hand_delta, reason, reference, created_at)
      values (${variant.id}, ${delta}, 'adjustment', ${reference}, ${now})`);
  });
  const result = await stockOfSku(db, normalized, context.locale, 0);
  if (!result) throw new AppError("PRODUCT_NOT_FOUND", { sku: normalized });
  return result.level;
}

export interface ActiveHold {
  id: number;
  qty: number;
  /** A cart's hold (staff may release it) or an unpaid order's (released by cancelling the order). */
  holder: { kind: "cart"; cartId: string; email: string | null } | { kind: "order"; orderNo: string | null };
  createdAt: string;
  expiresAt: string;
}

/** A SKU's active reservations, soonest to expire first. */
export async function activeHolds(db: Database, variantId: number): Promise<ActiveHold[]> {
  const found = await rows<{
    id: number;
    qty: number;
    cart_id: string | null;
    email: string | null;
    order_id: string | null;
    order_no: string | null;
    created_at: Date | string;
    expires_at: Date | string;
  }>(
    db,
    sql`select r.id, r.qty, r.cart_id, u.email, r.order_id, o.order_no, r.created_at, r.expires_at
      from reservations r
      left join carts c on c.id = r.cart_id
      left join users u on u.id = c.user_id
      left join orders o on o.id = r.order_id
      where r.variant_id = ${variantId} and r.status = 'active'
      order by r.expires_at, r.id limit 200`,
  );
  return found.map((row) => ({
    id: Number(row.id),
    qty: row.qty,
    holder:
      row.order_id !== null
        ? { kind: "order", orderNo: row.order_no }
        : { kind: "cart", cartId: row.cart_id ?? "", email: row.email },
    createdAt: iso(row.created_at) ?? "",
    expiresAt: iso(row.expires_at) ?? "",
  }));
}

/**
 * Staff release a cart's hold (a stuck or abandoned cart) before its time is up: the units go back at
 * once and the ledger names who did it. Under the SKU's inventory lock, like every stock change; only an
 * active cart hold is touched, so releasing twice (or racing the expiry or a checkout) releases once.
 * An unpaid order's hold is not released here: cancelling the order does that. Returns the units released
 * (0 when the hold was no longer an active cart hold).
 */
export async function releaseCartHold(
  db: Database,
  input: { sku: string; reservationId: number },
  context: StaffContext,
): Promise<number> {
  const now = (context.now ?? new Date()).toISOString();
  return db.transaction(async (tx) => {
    const [variant] = await rows<{ id: number }>(
      tx,
      sql`select id from variants where sku = ${input.sku.trim().toUpperCase()}`,
    );
    if (!variant) throw new AppError("PRODUCT_NOT_FOUND", { sku: input.sku });
    await lockStock(tx, [variant.id]);
    const [row] = await rows<{ released: number }>(
      tx,
      sql`with released as (
          update reservations set status = 'cancelled', updated_at = ${now}
          where id = ${input.reservationId} and variant_id = ${variant.id} and status = 'active'
            and order_id is null
          returning variant_id, qty
        ), stock as (
          update inventory set reserved = reserved - released.qty, updated_at = ${now}
          from released where inventory.variant_id = released.variant_id
        ), ledger as (
          insert into stock_ledger (variant_id, reserved_delta, reason, reference, created_at)
          select variant_id, -qty, 'release', ${context.actor.slice(0, 300)}, ${now} from released
        )
        select coalesce(sum(qty), 0)::int as released from released`,
    );
    return row?.released ?? 0;
  });
}
