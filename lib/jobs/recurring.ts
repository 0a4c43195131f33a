import type { Database } from "@/db/client";
import { cleanupReservations } from "@/lib/cart/service";
import { expireUnpaidOrders } from "@/lib/payments/events";

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
