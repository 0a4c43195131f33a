import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Database } from "@/db/client";
import { cleanupReservations } from "@/lib/cart/service";
import { getDb } from "@/lib/db";
import { expectStockInvariant, makeSkus, q } from "@/tests/support/stock";

// Guarantee 2 (ARCHITECTURE.md): the scheduler tidies overdue holds in batches with FOR UPDATE SKIP
// LOCKED, so two runs at the same moment release each reservation exactly once; and it drops guest carts
// that have been idle for more than 30 days and hold nothing.

const DAY = 24 * 60 * 60 * 1000;

/**
 * `count` overdue active holds spread over `variants`, one per cart (so the ledger's reference, the cart id,
 * names exactly one reservation), with inventory.reserved and 'reserve' ledger rows to match, as the
 * services would have left them.
 */
async function seedOverdueHolds(
  db: Database,
  prefix: string,
  variantIds: number[],
  count: number,
  now: Date,
) {
  const at = now.toISOString();
  await db.execute(sql`insert into carts (id, currency, created_at, updated_at, last_activity_at)
    select ${prefix} || lpad(g::text, 6, '0'), 'TRY', ${at}, ${at}, ${at} from generate_series(1, ${count}) g`);
  await db.execute(sql`insert into reservations (variant_id, cart_id, qty, status, expires_at, created_at, updated_at)
    select (${`{${variantIds.join(",")}}`}::int[])[1 + g % ${variantIds.length}], ${prefix} || lpad(g::text, 6, '0'),
      1 + g % 3, 'active',
      ${at}::timestamptz - make_interval(secs => 1 + g % 900), ${at}, ${at}
    from generate_series(1, ${count}) g`);
  await db.execute(sql`insert into stock_ledger (variant_id, reserved_delta, reason, reference, created_at)
    select variant_id, qty, 'reserve', cart_id, ${at} from reservations where cart_id like ${`${prefix}%`}`);
  await db.execute(sql`update inventory i set reserved = i.reserved + s.units from (
      select variant_id, sum(qty)::int as units from reservations where cart_id like ${`${prefix}%`}
      group by variant_id) s
    where i.variant_id = s.variant_id`);
  const [total] = await q<{ units: number }>(
    db,
    sql`select sum(qty)::int as units from reservations where cart_id like ${`${prefix}%`}`,
  );
  return total?.units ?? 0;
}

let first: ReturnType<typeof createDb>;
let second: ReturnType<typeof createDb>;

beforeAll(async () => {
  first = createDb(process.env.DATABASE_URL ?? "", { max: 2 });
  second = createDb(process.env.DATABASE_URL ?? "", { max: 2 });
  await Promise.all([first.db.execute(sql`select 1`), second.db.execute(sql`select 1`)]);
});

afterAll(async () => {
  await Promise.all([first.client.end({ timeout: 5 }), second.client.end({ timeout: 5 })]);
});

describe("two scheduler runs at the same moment", () => {
  it.each([
    { batchSize: 500, label: "the default batch of 500" },
    { batchSize: 97, label: "small batches of 97" },
  ])("release 5,000 overdue holds exactly once between them ($label)", async ({ batchSize }) => {
    const db = getDb();
    const now = new Date();
    const prefix = `c_cln${batchSize}_`;
    const skus = await makeSkus(db, `CLN${batchSize}`, [4000, 4000, 4000, 4000, 4000]);
    const ids = skus.map((s) => s.id);
    const units = await seedOverdueHolds(db, prefix, ids, 5000, now);
    await expectStockInvariant(db);

    const [a, b] = await Promise.all([
      cleanupReservations(first.db, now, batchSize),
      cleanupReservations(second.db, now, batchSize),
    ]);

    console.log(`cleanup split (batch ${batchSize}): ${a.released} + ${b.released}`);
    expect(a.released + b.released).toBe(5000);
    expect(a.units + b.units).toBe(units);
    const statuses = await q<{ status: string; n: number }>(
      db,
      sql`select status, count(*)::int as n from reservations where cart_id like ${`${prefix}%`} group by status`,
    );
    expect(statuses).toEqual([{ status: "expired", n: 5000 }]);
    const stock = await q<{ reserved: number }>(
      db,
      sql`select reserved from inventory where variant_id in ${ids} order by variant_id`,
    );
    expect(stock.map((s) => s.reserved)).toEqual([0, 0, 0, 0, 0]);
    // Each hold has exactly one 'expire' ledger row (the ledger names the cart, and each cart here has
    // one hold), giving back exactly its units.
    const held = await q<{ cart_id: string; variant_id: number; qty: number }>(
      db,
      sql`select cart_id, variant_id, qty from reservations where cart_id like ${`${prefix}%`}`,
    );
    const expireRows = await q<{ reference: string; variant_id: number; reserved_delta: number }>(
      db,
      sql`select reference, variant_id, reserved_delta from stock_ledger
        where reason = 'expire' and variant_id in ${ids}`,
    );
    const given = new Map<string, number[]>();
    for (const row of expireRows) {
      const key = `${row.reference}/${row.variant_id}`;
      given.set(key, [...(given.get(key) ?? []), row.reserved_delta]);
    }
    const wrong = held.filter((hold) => {
      const deltas = given.get(`${hold.cart_id}/${hold.variant_id}`) ?? [];
      return deltas.length !== 1 || deltas[0] !== -hold.qty;
    });
    expect(wrong).toEqual([]);
    expect(expireRows).toHaveLength(5000);
    expect(expireRows.reduce((sum, row) => sum + row.reserved_delta, 0)).toBe(-units);
    await expectStockInvariant(db);

    // Nothing is left for a third run.
    const again = await cleanupReservations(db, now, batchSize);
    expect(again.released).toBe(0);
  });

  it("leave holds that are not yet due alone", async () => {
    const db = getDb();
    const now = new Date();
    const [sku] = await makeSkus(db, "CLN-DUE", [100]);
    if (!sku) throw new Error("setup failed");
    const units = await seedOverdueHolds(db, "c_clndue_", [sku.id], 40, now);
    // Half of them get a deadline one minute ahead of the scheduler's clock.
    await db.execute(sql`update reservations set expires_at = ${new Date(now.getTime() + 60_000).toISOString()}
      where cart_id like 'c_clndue_%' and right(cart_id, 1)::int % 2 = 0`);
    const [due] = await q<{ n: number; units: number }>(
      db,
      sql`select count(*)::int as n, sum(qty)::int as units from reservations
        where cart_id like 'c_clndue_%' and expires_at <= ${now.toISOString()}`,
    );
    const [a, b] = await Promise.all([
      cleanupReservations(first.db, now, 7),
      cleanupReservations(second.db, now, 7),
    ]);
    expect(a.released + b.released).toBe(due?.n);
    expect(a.units + b.units).toBe(due?.units);
    const [left] = await q<{ reserved: number; active: number }>(
      db,
      sql`select i.reserved, (select count(*)::int from reservations r
          where r.variant_id = i.variant_id and r.status = 'active') as active
        from inventory i where i.variant_id = ${sku.id}`,
    );
    expect(left).toEqual({ reserved: units - (due?.units ?? 0), active: 40 - (due?.n ?? 0) });
    await expectStockInvariant(db);
  });
});

describe("idle carts", () => {
  it("deletes guest carts idle for more than 30 days that hold nothing, and keeps every other cart", async () => {
    const db = getDb();
    const now = new Date();
    const [sku] = await makeSkus(db, "CLN-IDLE", [20]);
    if (!sku) throw new Error("setup failed");
    const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
    const carts = [
      { id: "c_idle_guest_31d", user: null, idle: ago(31) },
      { id: "c_idle_guest_45d_with_line", user: null, idle: ago(45) },
      { id: "c_idle_guest_31d_overdue_hold", user: null, idle: ago(31) },
      { id: "c_idle_guest_29d", user: null, idle: ago(29) },
      { id: "c_idle_user_31d", user: "u_idle_cart_owner", idle: ago(31) },
      { id: "c_idle_guest_31d_live_hold", user: null, idle: ago(31) },
      { id: "c_idle_guest_now", user: null, idle: now.toISOString() },
    ];
    await db.execute(sql`insert into users (id, email, name, password_hash)
      values ('u_idle_cart_owner', 'idle-cart-owner@example.com', 'Idle Owner', 'not-a-real-hash')`);
    for (const cart of carts) {
      await db.execute(sql`insert into carts (id, user_id, currency, created_at, updated_at, last_activity_at)
        values (${cart.id}, ${cart.user}, 'TRY', ${cart.idle}, ${cart.idle}, ${cart.idle})`);
    }
    await db.execute(sql`insert into cart_items (cart_id, variant_id, qty, unit_price)
      values ('c_idle_guest_45d_with_line', ${sku.id}, 1, 12500),
             ('c_idle_guest_31d_overdue_hold', ${sku.id}, 2, 12500),
             ('c_idle_guest_31d_live_hold', ${sku.id}, 3, 12500)`);
    // One hold that lapsed long ago (released by this run, after which the cart holds nothing) and one
    // that is still running (the cart must stay, whatever its age).
    await db.execute(sql`insert into reservations (variant_id, cart_id, qty, status, expires_at)
      values (${sku.id}, 'c_idle_guest_31d_overdue_hold', 2, 'active', ${ago(31)}),
             (${sku.id}, 'c_idle_guest_31d_live_hold', 3, 'active', ${new Date(now.getTime() + 60_000).toISOString()})`);
    await db.execute(sql`update inventory set reserved = 5 where variant_id = ${sku.id}`);
    await db.execute(sql`insert into stock_ledger (variant_id, reserved_delta, reason, reference)
      values (${sku.id}, 2, 'reserve', 'c_idle_guest_31d_overdue_hold'),
             (${sku.id}, 3, 'reserve', 'c_idle_guest_31d_live_hold')`);

    const result = await cleanupReservations(db, now);

    const left = await q<{ id: string }>(db, sql`select id from carts where id like 'c_idle_%' order by id`);
    expect(left.map((c) => c.id)).toEqual(
      ["c_idle_guest_29d", "c_idle_guest_31d_live_hold", "c_idle_guest_now", "c_idle_user_31d"].sort(),
    );
    expect(result.deletedCarts).toBe(3);
    expect(result.released).toBe(1);
    // The deleted carts' lines went with them; the kept cart's line and hold are untouched.
    const lines = await q<{ cart_id: string; qty: number }>(
      db,
      sql`select cart_id, qty from cart_items where variant_id = ${sku.id} order by cart_id`,
    );
    expect(lines).toEqual([{ cart_id: "c_idle_guest_31d_live_hold", qty: 3 }]);
    const [stock] = await q<{ reserved: number }>(
      db,
      sql`select reserved from inventory where variant_id = ${sku.id}`,
    );
    expect(stock?.reserved).toBe(3);
    await expectStockInvariant(db);
  });
});
