import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Database } from "@/db/client";
import { addItem } from "@/lib/cart/service";
import { newCartId } from "@/lib/cart/token";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { expectStockInvariant, makeSkus, q } from "@/tests/support/stock";

// Guarantee 1 (ARCHITECTURE.md): stock is claimed by one conditional statement, so however many shoppers
// press "add to cart" at the same moment, no more units are held than there are.

/** Every active hold belongs to a cart line that wants at least as many units. */
async function expectNoOrphanHolds(db: Database) {
  const orphans = await q<Record<string, unknown>>(
    db,
    sql`select r.id, r.cart_id, r.variant_id, r.qty, ci.qty as line_qty from reservations r
      left join cart_items ci on ci.cart_id = r.cart_id and ci.variant_id = r.variant_id
      where r.status = 'active' and (ci.id is null or ci.qty < r.qty)`,
  );
  expect(orphans).toEqual([]);
}

async function stockOf(db: Database, variantId: number) {
  const [row] = await q<{
    on_hand: number;
    reserved: number;
    active: number;
    held: number;
    ledger_reserved: number;
    reserve_rows: number;
  }>(
    db,
    sql`select i.on_hand, i.reserved,
      (select count(*)::int from reservations r where r.variant_id = i.variant_id and r.status = 'active') as active,
      (select coalesce(sum(qty), 0)::int from reservations r
        where r.variant_id = i.variant_id and r.status = 'active') as held,
      (select coalesce(sum(reserved_delta), 0)::int from stock_ledger l where l.variant_id = i.variant_id)
        as ledger_reserved,
      (select count(*)::int from stock_ledger l where l.variant_id = i.variant_id and l.reason = 'reserve')
        as reserve_rows
    from inventory i where i.variant_id = ${variantId}`,
  );
  if (!row) throw new Error(`no inventory row for variant ${variantId}`);
  return row;
}

const SHOPPERS = 200;
let pool: ReturnType<typeof createDb>;

beforeAll(async () => {
  pool = createDb(process.env.DATABASE_URL ?? "", { max: 60 });
  // Open every connection up front, so the adds below start together instead of queuing for connects.
  await Promise.all(Array.from({ length: 60 }, () => pool.db.execute(sql`select pg_sleep(0.05)`)));
});

afterAll(async () => {
  await pool.client.end({ timeout: 5 });
});

/** Fires one add per cart at the same moment and sorts the outcomes; anything but an AppError is rethrown. */
async function stampede(sku: string, qty: number) {
  const carts = Array.from({ length: SHOPPERS }, () => newCartId());
  const settled = await Promise.allSettled(carts.map((cartId) => addItem(pool.db, { cartId }, { sku, qty })));
  const won: string[] = [];
  const lost: AppError[] = [];
  settled.forEach((result, index) => {
    if (result.status === "fulfilled") won.push(carts[index] ?? "");
    else if (result.reason instanceof AppError) lost.push(result.reason);
    else throw result.reason;
  });
  return { carts, won, lost };
}

describe("no oversell when 200 shoppers add the same SKU at once", () => {
  it("50 in stock, 200 carts add 1 each: exactly 50 succeed, 150 are OUT_OF_STOCK", async () => {
    const db = getDb();
    const [target] = await makeSkus(db, "OVS-ONE", [50]);
    if (!target) throw new Error("setup failed");

    const { carts, won, lost } = await stampede(target.sku, 1);

    expect(won).toHaveLength(50);
    expect(lost).toHaveLength(150);
    for (const error of lost) {
      expect(error.code).toBe("OUT_OF_STOCK");
      expect(error.details).toMatchObject({ sku: target.sku, available: 0 });
    }
    const stock = await stockOf(db, target.id);
    expect(stock).toEqual({
      on_hand: 50,
      reserved: 50,
      active: 50,
      held: 50,
      ledger_reserved: 50,
      reserve_rows: 50,
    });
    // The holds belong to exactly the carts that were told "yes", one unit and one line each.
    const holders = await q<{ cart_id: string; qty: number; line_qty: number }>(
      db,
      sql`select r.cart_id, r.qty, ci.qty as line_qty from reservations r
        join cart_items ci on ci.cart_id = r.cart_id and ci.variant_id = r.variant_id
        where r.variant_id = ${target.id} and r.status = 'active'`,
    );
    expect(holders.map((h) => h.cart_id).sort()).toEqual([...won].sort());
    expect(holders.every((h) => h.qty === 1 && h.line_qty === 1)).toBe(true);
    // A refused add leaves nothing behind: not even the cart row it would have created.
    const [{ stored } = { stored: -1 }] = await q<{ stored: number }>(
      db,
      sql`select count(*)::int as stored from carts where id in ${carts}`,
    );
    expect(stored).toBe(50);
    await expectStockInvariant(db);
    await expectNoOrphanHolds(db);
  });

  it("10 in stock, 200 carts add 3 each: exactly 3 succeed (9 held), the rest see available < 3", async () => {
    const db = getDb();
    const [target] = await makeSkus(db, "OVS-THREE", [10]);
    if (!target) throw new Error("setup failed");

    const { won, lost } = await stampede(target.sku, 3);

    expect(won).toHaveLength(3);
    expect(lost).toHaveLength(SHOPPERS - 3);
    for (const error of lost) {
      expect(error.code).toBe("OUT_OF_STOCK");
      // Stock only shrinks during the stampede, and a refusal means fewer than 3 were free: 10 - 9 = 1.
      expect(error.details.available).toBe(1);
    }
    const stock = await stockOf(db, target.id);
    expect(stock).toEqual({
      on_hand: 10,
      reserved: 9,
      active: 3,
      held: 9,
      ledger_reserved: 9,
      reserve_rows: 3,
    });
    await expectStockInvariant(db);
    await expectNoOrphanHolds(db);
  });

  it("several SKUs at once, each with its own stampede, never hold more than on_hand", async () => {
    const db = getDb();
    const stocks = [1, 2, 7, 19, 33];
    const targets = await makeSkus(db, "OVS-MANY", stocks);
    const carts = Array.from({ length: 100 }, () => newCartId());
    // Each cart adds 1..2 units of every SKU, in a different order per cart, all carts at once.
    const settled = await Promise.allSettled(
      carts.map(async (cartId, c) => {
        const outcomes: string[] = [];
        for (let k = 0; k < targets.length; k++) {
          const target = targets[(c + k) % targets.length];
          if (!target) continue;
          try {
            await addItem(pool.db, { cartId }, { sku: target.sku, qty: 1 + ((c + k) % 2) });
            outcomes.push("ok");
          } catch (error) {
            if (!(error instanceof AppError) || error.code !== "OUT_OF_STOCK") throw error;
            outcomes.push(error.code);
          }
        }
        return outcomes;
      }),
    );
    const failures = settled.filter((s) => s.status === "rejected");
    expect(failures).toEqual([]);
    for (const target of targets) {
      const stock = await stockOf(db, target.id);
      expect(stock.reserved).toBe(stock.held);
      expect(stock.reserved).toBeLessThanOrEqual(target.stock);
      // Demand (100 carts x 1-2 units) dwarfs stock, free units never grow during the run, and an add is
      // refused only when fewer than its 1-2 units are free: so at most one unit can be left over.
      expect(stock.reserved).toBeGreaterThanOrEqual(target.stock - 1);
    }
    await expectStockInvariant(db);
    await expectNoOrphanHolds(db);
  });
});
