import type { Database } from "@/db/client";
import { pruneTokenFamilies } from "@/lib/app-tokens/service";
import { cleanupReservations } from "@/lib/cart/service";
import { pruneIdempotencyKeys } from "@/lib/checkout/idempotency";
import { expireUnpaidOrders } from "@/lib/payments/events";
import { pruneSearches } from "@/lib/search/popular";

/**
 * Card orders past their payment window cancelled, overdue holds released, idle empty guest carts
 * deleted: the `cleanup_reservations` job of the queue's crontab, and /api/cron/cleanup-reservations.
 */
export async function releaseExpired(db: Database) {
  // Orders first: their holds are released with the order's reference before the generic sweep.
  const expiredOrders = await expireUnpaidOrders(db);
  const { released, units, deletedCarts } = await cleanupReservations(db);
  return { released, units, deletedCarts, expiredOrders };
}

/**
 * Records that have served their purpose deleted, each by the capability that writes them: idempotency
 * keys past their week, finished app sign-ins, searches that never became popular. The daily
 * `prune_records` job of the queue's crontab.
 */
export async function pruneRecords(db: Database, now = new Date()) {
  return {
    idempotencyKeys: await pruneIdempotencyKeys(db, now),
    tokenFamilies: await pruneTokenFamilies(db, now),
    searches: await pruneSearches(db, now),
  };
}
