import { type SQL, sql, TransactionRollbackError } from "drizzle-orm";
import { type Database, rows, type Transaction } from "@/db/client";

/**
 * Every change to inventory.reserved happens here, each as ONE SQL statement that updates the inventory
 * row conditionally, writes the reservation and the ledger together. Nothing reads stock and writes it
 * back later, so two shoppers can never both take the last unit (ARCHITECTURE.md guarantee 1).
 */

type Executor = Database | Transaction;

/** Time as ISO strings: the services pass the clock in (tests move it) instead of using SQL now(). */
export interface Clock {
  now: string;
  /** When a reservation made or renewed now expires. */
  expiresAt: string;
}

export function clockAt(now: Date, ttlMinutes: number): Clock {
  return { now: now.toISOString(), expiresAt: new Date(now.getTime() + ttlMinutes * 60_000).toISOString() };
}

/**
 * Lock order, everywhere: cart row, then inventory rows (ascending variant id), then reservations.
 * Functions that change holds of existing reservations first lock the variant's inventory row in a
 * statement of its own, so the statement that follows reads the latest committed stock (READ COMMITTED
 * takes a fresh snapshot per statement) and nothing can change it until the transaction ends.
 * claimForLine needs no such step: its conditional UPDATE is re-checked by PostgreSQL on the newest row.
 */
export async function lockStock(db: Executor, variantIds: number[]): Promise<void> {
  const ids = [...new Set(variantIds)].sort((a, b) => a - b);
  if (ids.length === 0) return;
  await db.execute(
    sql`select variant_id from inventory where variant_id in ${ids} order by variant_id for update`,
  );
}

/** Runs one statement that answers the units it moved, as `units`. */
async function unitsMoved(db: Executor, statement: SQL): Promise<number> {
  const row = await first<{ units: number }>(db, statement);
  return row?.units ?? 0;
}

async function first<T>(db: Executor, query: SQL): Promise<T | undefined> {
  const [first] = await rows<T>(db, query);
  return first;
}

/* Parts that several statements below share: each stays one statement, these are only its text. */

/** A cart line's active reservation (id, qty), locked: the body of a `current` CTE. */
const currentHold = (cartId: string, variantId: number) => sql`
      select id, qty from reservations
      where cart_id = ${cartId} and variant_id = ${variantId} and status = 'active'
      for update`;

/** After a `claim` CTE returning (variant_id, d): the ledger row of each hold that moved by d. */
const holdMovedLedger = (cartId: string, clock: Clock) => sql`ledger as (
      insert into stock_ledger (variant_id, reserved_delta, reason, reference, created_at)
      select variant_id, d, case when d > 0 then 'reserve' else 'release' end, ${cartId}, ${clock.now}
      from claim where d <> 0
    )`;

/** After an `expired` CTE of one variant's reservations (variant_id, qty, cart_id): their units go back. */
const expiredReleased = (variantId: number, clock: Clock) => sql`released as (
        update inventory set reserved = reserved - (select sum(qty) from expired), updated_at = ${clock.now}
        where variant_id = ${variantId} and exists (select 1 from expired)
      ), ledger as (
        insert into stock_ledger (variant_id, reserved_delta, reason, reference, created_at)
        select variant_id, -qty, 'expire', cart_id, ${clock.now} from expired
      )`;

/**
 * Adds `qty` units of a variant to a cart line: claims them if free, grows the line's active reservation
 * (renewing its expiry) and the line itself. Returns the line id, or null when the stock is short.
 * Only increments, so it stays correct even if another process expires this cart's reservation meanwhile.
 */
export async function claimForLine(
  db: Executor,
  input: { cartId: string; variantId: number; qty: number },
  clock: Clock,
): Promise<string | null> {
  const { cartId, variantId, qty } = input;
  const row = await first<{ item_id: string | null }>(
    db,
    sql`
    with claim as (
      update inventory set reserved = reserved + ${qty}, updated_at = ${clock.now}
      where variant_id = ${variantId} and on_hand - reserved >= ${qty}
      returning variant_id
    ), held as (
      insert into reservations (variant_id, cart_id, qty, status, expires_at, created_at, updated_at)
      select variant_id, ${cartId}, ${qty}, 'active', ${clock.expiresAt}, ${clock.now}, ${clock.now} from claim
      on conflict (cart_id, variant_id) where status = 'active'
      do update set qty = reservations.qty + excluded.qty, expires_at = excluded.expires_at,
                    updated_at = excluded.updated_at
    ), line as (
      insert into cart_items (cart_id, variant_id, qty, unit_price, created_at, updated_at)
      select ${cartId}, claim.variant_id, ${qty}, v.price, ${clock.now}, ${clock.now}
      from claim join variants v on v.id = claim.variant_id
      on conflict (cart_id, variant_id)
      do update set qty = cart_items.qty + excluded.qty, unit_price = excluded.unit_price,
                    updated_at = excluded.updated_at
      returning id
    ), ledger as (
      insert into stock_ledger (variant_id, reserved_delta, reason, reference, created_at)
      select variant_id, ${qty}, 'reserve', ${cartId}, ${clock.now} from claim
    )
    select (select id from line) as item_id`,
  );
  return row?.item_id ?? null;
}

/**
 * Sets a cart line to exactly `qty` units held, moving the reservation by the difference in one
 * statement (no release-then-reserve window). Returns false when more stock is needed than is free.
 */
export async function setLineReservation(
  db: Executor,
  input: { cartId: string; variantId: number; qty: number },
  clock: Clock,
): Promise<boolean> {
  const { cartId, variantId, qty } = input;
  await lockStock(db, [variantId]);
  const row = await first<{ claimed: number }>(
    db,
    sql`
    with current as (${currentHold(cartId, variantId)}
    ), delta as (
      select ${qty} - coalesce((select qty from current), 0) as d
    ), claim as (
      update inventory set reserved = reserved + delta.d, updated_at = ${clock.now}
      from delta
      where variant_id = ${variantId} and (delta.d <= 0 or on_hand - reserved >= delta.d)
      returning variant_id, delta.d
    ), held as (
      insert into reservations (variant_id, cart_id, qty, status, expires_at, created_at, updated_at)
      select variant_id, ${cartId}, ${qty}, 'active', ${clock.expiresAt}, ${clock.now}, ${clock.now} from claim
      on conflict (cart_id, variant_id) where status = 'active'
      do update set qty = excluded.qty, expires_at = excluded.expires_at, updated_at = excluded.updated_at
    ), line as (
      update cart_items set qty = ${qty}, updated_at = ${clock.now}
      where cart_id = ${cartId} and variant_id = ${variantId} and exists (select 1 from claim)
    ), ${holdMovedLedger(cartId, clock)}
    select count(*)::int as claimed from claim`,
  );
  return (row?.claimed ?? 0) > 0;
}

/**
 * setLineReservation for several lines of one cart in two statements whatever their number (checkout):
 * the inventory rows are locked first, ascending, then each line's hold moves by its difference in one
 * statement, each inventory row updated only if it has the stock (the same condition, row by row).
 * Returns the variant ids whose lines are now held; the others were short and are left as they were.
 */
export async function setLineReservations(
  db: Executor,
  cartId: string,
  lines: { variantId: number; qty: number }[],
  clock: Clock,
): Promise<Set<number>> {
  if (lines.length === 0) return new Set();
  await lockStock(
    db,
    lines.map((line) => line.variantId),
  );
  const wanted = sql.join(
    lines.map((line) => sql`(${line.variantId}::int, ${line.qty}::int)`),
    sql`, `,
  );
  const held = await rows<{ variant_id: number }>(
    db,
    sql`
    with wanted (variant_id, qty) as (values ${wanted}),
    current as (
      select r.variant_id, r.qty from reservations r join wanted w on w.variant_id = r.variant_id
      where r.cart_id = ${cartId} and r.status = 'active'
      for update of r
    ), delta as (
      select w.variant_id, w.qty, w.qty - coalesce(c.qty, 0) as d
      from wanted w left join current c on c.variant_id = w.variant_id
    ), claim as (
      update inventory i set reserved = i.reserved + delta.d, updated_at = ${clock.now}
      from delta
      where i.variant_id = delta.variant_id and (delta.d <= 0 or i.on_hand - i.reserved >= delta.d)
      returning i.variant_id, delta.qty, delta.d
    ), held as (
      insert into reservations (variant_id, cart_id, qty, status, expires_at, created_at, updated_at)
      select variant_id, ${cartId}, qty, 'active', ${clock.expiresAt}, ${clock.now}, ${clock.now} from claim
      on conflict (cart_id, variant_id) where status = 'active'
      do update set qty = excluded.qty, expires_at = excluded.expires_at, updated_at = excluded.updated_at
    ), line as (
      update cart_items ci set qty = claim.qty, updated_at = ${clock.now}
      from claim where ci.cart_id = ${cartId} and ci.variant_id = claim.variant_id
    ), ${holdMovedLedger(cartId, clock)}
    select variant_id from claim`,
  );
  return new Set(held.map((row) => Number(row.variant_id)));
}

/**
 * Holds as much as possible of `wanted` units for a cart line (renewing the expiry), without failing:
 * used to re-reserve a line whose hold lapsed. Returns the units now held.
 */
export async function reserveUpTo(
  db: Executor,
  input: { cartId: string; variantId: number; wanted: number },
  clock: Clock,
): Promise<number> {
  const { cartId, variantId, wanted } = input;
  await lockStock(db, [variantId]);
  const row = await first<{ held: number | null }>(
    db,
    sql`
    with current as (${currentHold(cartId, variantId)}
    ), stock as (
      select on_hand - reserved as free from inventory where variant_id = ${variantId}
    ), delta as (
      select greatest(0, least(${wanted} - coalesce((select qty from current), 0), (select free from stock))) as d
    ), claim as (
      update inventory set reserved = reserved + (select d from delta), updated_at = ${clock.now}
      where variant_id = ${variantId}
      returning variant_id, (select d from delta) as d
    ), total as (
      select variant_id, d, coalesce((select qty from current), 0) + d as held from claim
    ), held as (
      insert into reservations (variant_id, cart_id, qty, status, expires_at, created_at, updated_at)
      select variant_id, ${cartId}, held, 'active', ${clock.expiresAt}, ${clock.now}, ${clock.now}
      from total where held > 0
      on conflict (cart_id, variant_id) where status = 'active'
      do update set qty = excluded.qty, expires_at = excluded.expires_at, updated_at = excluded.updated_at
    ), ledger as (
      insert into stock_ledger (variant_id, reserved_delta, reason, reference, created_at)
      select variant_id, d, 'reserve', ${cartId}, ${clock.now} from total where d > 0
    )
    select held from total`,
  );
  return row?.held ?? 0;
}

/** Removes a cart line: its hold is cancelled, the units go back and the line is deleted. Returns units. */
export async function removeLine(
  db: Executor,
  input: { cartId: string; variantId: number },
  clock: Clock,
): Promise<number> {
  await lockStock(db, [input.variantId]);
  return unitsMoved(
    db,
    sql`
    with cancelled as (
      update reservations set status = 'cancelled', updated_at = ${clock.now}
      where cart_id = ${input.cartId} and variant_id = ${input.variantId} and status = 'active'
      returning variant_id, qty
    ), released as (
      update inventory set reserved = reserved - cancelled.qty, updated_at = ${clock.now}
      from cancelled where inventory.variant_id = cancelled.variant_id
    ), ledger as (
      insert into stock_ledger (variant_id, reserved_delta, reason, reference, created_at)
      select variant_id, -qty, 'release', ${input.cartId}, ${clock.now} from cancelled
    ), deleted as (
      delete from cart_items where cart_id = ${input.cartId} and variant_id = ${input.variantId}
    )
    select coalesce(sum(qty), 0)::int as units from cancelled`,
  );
}

/**
 * Releases a variant's reservations whose time is up, so a shopper who finds the SKU short can take
 * stock that nobody holds any more, without waiting for the scheduler. Returns the units released.
 */
export async function releaseExpiredForVariant(
  db: Executor,
  variantId: number,
  clock: Clock,
): Promise<number> {
  await lockStock(db, [variantId]);
  return unitsMoved(
    db,
    sql`
    with expired as (
      update reservations set status = 'expired', updated_at = ${clock.now}
      where variant_id = ${variantId} and status = 'active' and expires_at <= ${clock.now}
      returning variant_id, qty, cart_id
    ), ${expiredReleased(variantId, clock)}
    select coalesce(sum(qty), 0)::int as units from expired`,
  );
}

/**
 * The scheduler's batch: releases up to `limit` overdue reservations of one variant, under that
 * variant's inventory lock (SKIP LOCKED on the reservations as well), so two runs at once release each
 * reservation exactly once.
 */
async function releaseExpiredBatchOf(db: Database, variantId: number, clock: Clock, limit: number) {
  return db.transaction(async (tx) => {
    await lockStock(tx, [variantId]);
    const row = await first<{ reservations: number; units: number }>(
      tx,
      sql`
      with batch as (
        select id from reservations
        where variant_id = ${variantId} and status = 'active' and expires_at <= ${clock.now}
        order by expires_at
        limit ${limit}
        for update skip locked
      ), expired as (
        update reservations r set status = 'expired', updated_at = ${clock.now}
        from batch where r.id = batch.id
        returning r.variant_id, r.qty, r.cart_id
      ), ${expiredReleased(variantId, clock)}
      select count(*)::int as reservations, coalesce(sum(qty), 0)::int as units from expired`,
    );
    return { reservations: row?.reservations ?? 0, units: row?.units ?? 0 };
  });
}

/** Every overdue reservation released, variant by variant, in batches of at most `limit`. */
export async function releaseExpiredBatch(
  db: Database,
  clock: Clock,
  limit = 500,
): Promise<{ reservations: number; units: number }> {
  const total = { reservations: 0, units: 0 };
  for (;;) {
    const due = await rows<{
      variant_id: number;
    }>(
      db,
      sql`select distinct variant_id from reservations
      where status = 'active' and expires_at <= ${clock.now} order by variant_id limit 100`,
    );
    if (due.length === 0) return total;
    let progress = 0;
    for (const { variant_id: variantId } of due) {
      for (;;) {
        const batch = await releaseExpiredBatchOf(db, variantId, clock, limit);
        total.reservations += batch.reservations;
        total.units += batch.units;
        progress += batch.reservations;
        if (batch.reservations < limit) break;
      }
    }
    // Nothing released although some were due: another run holds them; it will finish them.
    if (progress === 0) return total;
  }
}

/**
 * Checkout: the cart's holds become the order's, lasting until `expiresAt` (the payment window).
 * Returns the units now held for the order per variant.
 */
export async function holdForOrder(
  db: Executor,
  input: { cartId: string; orderId: string; expiresAt: string },
  clock: Clock,
): Promise<Map<number, number>> {
  const held = await rows<{ variant_id: number; qty: number }>(
    db,
    sql`
    update reservations set order_id = ${input.orderId}, cart_id = null, expires_at = ${input.expiresAt},
      updated_at = ${clock.now}
    where cart_id = ${input.cartId} and status = 'active'
    returning variant_id, qty`,
  );
  return new Map(held.map((row) => [row.variant_id, row.qty]));
}

async function orderVariants(db: Executor, orderId: string): Promise<number[]> {
  const found = await rows<{ variant_id: number }>(
    db,
    sql`select distinct variant_id from reservations where order_id = ${orderId} and status = 'active'`,
  );
  return found.map((r) => r.variant_id);
}

/** Payment confirmed (or an offline order placed): held units leave the shelf for good. Returns units. */
export async function commitOrderStock(
  db: Executor,
  orderId: string,
  reference: string,
  clock: Clock,
): Promise<number> {
  return unitsMoved(
    db,
    sql`
    with done as (
      update reservations set status = 'completed', updated_at = ${clock.now}
      where order_id = ${orderId} and status = 'active'
      returning variant_id, qty
    ), per_variant as (
      select variant_id, sum(qty)::int as qty from done group by variant_id
    ), taken as (
      update inventory i set on_hand = i.on_hand - pv.qty, reserved = i.reserved - pv.qty, updated_at = ${clock.now}
      from per_variant pv where i.variant_id = pv.variant_id
    ), ledger as (
      insert into stock_ledger (variant_id, on_hand_delta, reserved_delta, reason, reference, created_at)
      select variant_id, -qty, -qty, 'commit', ${reference}, ${clock.now} from done
    )
    select coalesce(sum(qty), 0)::int as units from done`,
  );
}

/** An unpaid order failed, expired or was cancelled: its held units go back on sale. Returns units. */
export async function releaseOrderStock(
  db: Executor,
  orderId: string,
  reference: string,
  clock: Clock,
  status: "cancelled" | "expired" = "cancelled",
): Promise<number> {
  await lockStock(db, await orderVariants(db, orderId));
  return unitsMoved(
    db,
    sql`
    with released as (
      update reservations set status = ${status}, updated_at = ${clock.now}
      where order_id = ${orderId} and status = 'active'
      returning variant_id, qty
    ), per_variant as (
      select variant_id, sum(qty)::int as qty from released group by variant_id
    ), freed as (
      update inventory i set reserved = i.reserved - pv.qty, updated_at = ${clock.now}
      from per_variant pv where i.variant_id = pv.variant_id
    ), ledger as (
      insert into stock_ledger (variant_id, reserved_delta, reason, reference, created_at)
      select variant_id, -qty, 'release', ${reference}, ${clock.now} from released
    )
    select coalesce(sum(qty), 0)::int as units from released`,
  );
}

/**
 * Takes units straight off the shelf for an order whose holds are gone (paid after it expired), all or
 * nothing: one conditional statement over every line. Returns false when any line is short.
 */
export async function takeStockDirectly(
  db: Executor,
  items: { variantId: number; qty: number }[],
  reference: string,
  clock: Clock,
): Promise<boolean> {
  if (items.length === 0) return true;
  const wanted = sql.join(
    items.map((item) => sql`(${item.variantId}::int, ${item.qty}::int)`),
    sql`, `,
  );
  await lockStock(
    db,
    items.map((i) => i.variantId),
  );
  // A savepoint: if any line is short, the lines already taken are put back.
  try {
    return await db.transaction(async (savepoint) => {
      const row = await first<{ taken: number; wanted: number }>(
        savepoint,
        sql`
        with wanted (variant_id, qty) as (
          select variant_id, sum(qty)::int from (values ${wanted}) as w (variant_id, qty) group by variant_id
        ), taken as (
          update inventory i set on_hand = i.on_hand - w.qty, updated_at = ${clock.now}
          from wanted w
          where i.variant_id = w.variant_id and i.on_hand - i.reserved >= w.qty
          returning i.variant_id, w.qty
        ), ledger as (
          insert into stock_ledger (variant_id, on_hand_delta, reason, reference, created_at)
          select variant_id, -qty, 'commit', ${reference}, ${clock.now} from taken
        )
        select (select count(*)::int from taken) as taken, (select count(*)::int from wanted) as wanted`,
      );
      if (!row || row.taken !== row.wanted) savepoint.rollback();
      return true;
    });
  } catch (error) {
    if (error instanceof TransactionRollbackError) return false;
    throw error;
  }
}

/** Units come back on the shelf (a cancelled paid order, a refund with restock). */
export async function restock(
  db: Executor,
  items: { variantId: number; qty: number }[],
  reference: string,
  clock: Clock,
): Promise<void> {
  for (const item of items.filter((i) => i.qty > 0).sort((a, b) => a.variantId - b.variantId)) {
    await db.execute(sql`
      with back as (
        update inventory set on_hand = on_hand + ${item.qty}, updated_at = ${clock.now}
        where variant_id = ${item.variantId} returning variant_id
      )
      insert into stock_ledger (variant_id, on_hand_delta, reason, reference, created_at)
      select variant_id, ${item.qty}, 'return', ${reference}, ${clock.now} from back`);
  }
}

/**
 * Holds stock for an order again (a retried payment after a failed one): every line is claimed by a
 * conditional UPDATE; if any line is short, nothing is kept. Returns false when stock is short.
 */
export async function holdAgainForOrder(
  db: Executor,
  input: {
    orderId: string;
    reference: string;
    items: { variantId: number; qty: number }[];
    expiresAt: string;
  },
  clock: Clock,
): Promise<boolean> {
  const items = [...input.items].sort((a, b) => a.variantId - b.variantId);
  try {
    return await db.transaction(async (savepoint) => {
      for (const item of items) {
        const row = await first<{ held: number }>(
          savepoint,
          sql`
          with claim as (
            update inventory set reserved = reserved + ${item.qty}, updated_at = ${clock.now}
            where variant_id = ${item.variantId} and on_hand - reserved >= ${item.qty}
            returning variant_id
          ), held as (
            insert into reservations (variant_id, order_id, qty, status, expires_at, created_at, updated_at)
            select variant_id, ${input.orderId}, ${item.qty}, 'active', ${input.expiresAt}, ${clock.now}, ${clock.now}
            from claim
          ), ledger as (
            insert into stock_ledger (variant_id, reserved_delta, reason, reference, created_at)
            select variant_id, ${item.qty}, 'reserve', ${input.reference}, ${clock.now} from claim
          )
          select count(*)::int as held from claim`,
        );
        if (!row?.held) savepoint.rollback();
      }
      return true;
    });
  } catch (error) {
    if (error instanceof TransactionRollbackError) return false;
    throw error;
  }
}
