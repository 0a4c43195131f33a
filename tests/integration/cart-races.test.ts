import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Database } from "@/db/client";
import { addItem, getCart, removeItem, setItemQty } from "@/lib/cart/service";
import { newCartId } from "@/lib/cart/token";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { expectStockInvariant, makeSkus, q } from "@/tests/support/stock";

// Interleavings that a random mix hits only now and then, forced here step by step with real services
// on separate connections: one transaction is held open (the services accept a transaction wherever they
// take the database, and then run inside it as a savepoint) until the other one is seen waiting for its
// lock in pg_stat_activity; then the first commits and the second carries on.

const MINUTE = 60_000;

/** Every active hold of the variant belongs to a cart line that wants at least as many units. */
async function expectNoOrphanHolds(db: Database, variantId: number) {
  const orphans = await q<Record<string, unknown>>(
    db,
    sql`select r.id, r.cart_id, r.variant_id, r.qty, ci.qty as line_qty from reservations r
      left join cart_items ci on ci.cart_id = r.cart_id and ci.variant_id = r.variant_id
      where r.variant_id = ${variantId} and r.status = 'active' and (ci.id is null or ci.qty < r.qty)`,
  );
  expect(orphans).toEqual([]);
}

/** What a call ended with: "ok", an AppError's code, or the database error code of anything else. */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof AppError) return error.code;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return `unexpected ${cause?.code ?? ""} ${cause?.message ?? String(error)}`.trim();
  }
}

let holder: ReturnType<typeof createDb>;
let racer: ReturnType<typeof createDb>;

beforeAll(async () => {
  holder = createDb(process.env.DATABASE_URL ?? "", { max: 2 });
  racer = createDb(process.env.DATABASE_URL ?? "", { max: 20 });
  await Promise.all([holder.db.execute(sql`select 1`), racer.db.execute(sql`select 1`)]);
});

afterAll(async () => {
  await Promise.all([holder.client.end({ timeout: 5 }), racer.client.end({ timeout: 5 })]);
});

/** Resolves once `count` statements of this database wait for a lock. */
async function untilWaiting(count = 1) {
  for (let i = 0; i < 500; i++) {
    const [row] = await q<{ waiting: number }>(
      getDb(),
      sql`select count(*)::int as waiting from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if ((row?.waiting ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the racing statement never waited for the held lock");
}

/**
 * Runs `first` in a transaction on its own connection and keeps it open while `second` starts on another
 * connection; commits `first` as soon as `second` waits for one of its locks. Returns how `second` ended.
 */
async function interleave(first: (tx: Database) => Promise<unknown>, second: () => Promise<unknown>) {
  let racing: Promise<string> | undefined;
  await holder.db.transaction(async (tx) => {
    await first(tx as unknown as Database);
    racing = outcome(second());
    await untilWaiting();
  });
  return racing;
}

async function itemOf(cartId: string) {
  const [line] = (await getCart(getDb(), cartId, "tr")).items;
  if (!line) throw new Error(`cart ${cartId} has no line`);
  return line.id;
}

describe("races on the same cart", () => {
  it("two adds at once that would take a line past 99: the second gets QTY_LIMIT", async () => {
    const db = getDb();
    const [target] = await makeSkus(db, "RACE-QTY", [500]);
    if (!target) throw new Error("setup failed");
    const cartId = newCartId();
    await addItem(db, { cartId }, { sku: target.sku, qty: 98 });

    const second = await interleave(
      (tx) => addItem(tx, { cartId }, { sku: target.sku, qty: 1 }),
      () => addItem(racer.db, { cartId }, { sku: target.sku, qty: 1 }),
    );

    expect(second).toBe("QTY_LIMIT");
    expect((await getCart(db, cartId, "tr")).items[0]?.qty).toBe(99);
    await expectStockInvariant(db);
  });

  it("a double-clicked add (12 at once, 9 each) ends at 99 or below with QTY_LIMIT, never a database error", async () => {
    const db = getDb();
    const [target] = await makeSkus(db, "RACE-CLICK", [500]);
    if (!target) throw new Error("setup failed");
    const cartId = newCartId();
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, () => outcome(addItem(racer.db, { cartId }, { sku: target.sku, qty: 9 }))),
    );
    const counts: Record<string, number> = {};
    for (const result of outcomes) counts[result] = (counts[result] ?? 0) + 1;
    expect(counts).toEqual({ ok: 11, QTY_LIMIT: 1 });
    expect((await getCart(db, cartId, "tr")).items[0]?.qty).toBe(99);
    await expectStockInvariant(db);
  });

  it("a quantity change racing the line's removal leaves no hold without a line", async () => {
    const db = getDb();
    const [target] = await makeSkus(db, "RACE-SETREM", [20]);
    if (!target) throw new Error("setup failed");
    const cartId = newCartId();
    await addItem(db, { cartId }, { sku: target.sku, qty: 2 });
    const itemId = await itemOf(cartId);

    const second = await interleave(
      (tx) => removeItem(tx, { cartId }, itemId),
      () => setItemQty(racer.db, { cartId }, itemId, 5),
    );

    // The line is gone, so the change must find nothing to change, and nothing may stay held.
    expect(second).toBe("CART_ITEM_NOT_FOUND");
    expect((await getCart(db, cartId, "tr")).items).toEqual([]);
    const [stock] = await q<{ reserved: number }>(
      db,
      sql`select reserved from inventory where variant_id = ${target.id}`,
    );
    expect(stock?.reserved).toBe(0);
    await expectStockInvariant(db);
    await expectNoOrphanHolds(db, target.id);
  });

  it("a cart read that re-reserves a lapsed line, racing that line's removal, holds nothing for it", async () => {
    const db = getDb();
    const [target] = await makeSkus(db, "RACE-READREM", [20]);
    if (!target) throw new Error("setup failed");
    const cartId = newCartId();
    await addItem(db, { cartId }, { sku: target.sku, qty: 2 });
    const itemId = await itemOf(cartId);
    await db.execute(sql`update reservations set expires_at = ${new Date(Date.now() - MINUTE).toISOString()}
      where cart_id = ${cartId}`);

    // getCart reads the lines first and locks the cart afterwards; the removal commits in between.
    const racing = new Proxy(db, {
      get(target, property) {
        if (property === "transaction") {
          return async (...args: Parameters<Database["transaction"]>) => {
            await removeItem(racer.db, { cartId }, itemId);
            return target.transaction(...args);
          };
        }
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const cart = await getCart(racing, cartId, "tr");

    expect(cart.items).toEqual([]);
    const active = await q<{ qty: number }>(
      db,
      sql`select qty from reservations where cart_id = ${cartId} and status = 'active'`,
    );
    expect(active).toEqual([]);
    await expectStockInvariant(db);
    await expectNoOrphanHolds(db, target.id);
  });
});

describe("races between carts on the same SKU", () => {
  it("re-reserving a lapsed line while another cart releases units of the same SKU succeeds", async () => {
    const db = getDb();
    const [target] = await makeSkus(db, "RACE-REHOLD", [6]);
    if (!target) throw new Error("setup failed");
    const now = Date.now();
    const lapsedCart = newCartId();
    const smallCart = newCartId();
    const bigCart = newCartId();
    // The lapsed cart took 2 twenty minutes ago; its hold was given back when the big cart found the SKU
    // short. Now 1 + 4 = 5 of 6 are held, and the lapsed cart's line still wants 2.
    await addItem(db, { cartId: lapsedCart }, { sku: target.sku, qty: 2 }, new Date(now - 20 * MINUTE));
    await addItem(db, { cartId: smallCart }, { sku: target.sku, qty: 1 }, new Date(now));
    await addItem(db, { cartId: bigCart }, { sku: target.sku, qty: 4 }, new Date(now));
    const smallItem = await itemOf(smallCart);

    // The small cart drops its unit while the lapsed cart's owner opens the cart: 2 are free for it.
    const reading = await interleave(
      (tx) => removeItem(tx, { cartId: smallCart }, smallItem),
      () => getCart(racer.db, lapsedCart, "tr"),
    );

    expect(reading).toBe("ok");
    const cart = await getCart(db, lapsedCart, "tr");
    expect(cart.items[0]?.qty).toBe(2);
    expect(cart.items[0]?.flags).toEqual([]);
    const [stock] = await q<{ on_hand: number; reserved: number }>(
      db,
      sql`select on_hand, reserved from inventory where variant_id = ${target.id}`,
    );
    expect(stock).toEqual({ on_hand: 6, reserved: 6 });
    await expectStockInvariant(db);
    await expectNoOrphanHolds(db, target.id);
  });
});
