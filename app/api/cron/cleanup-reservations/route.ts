import type { NextRequest } from "next/server";
import { cleanupReservations } from "@/lib/cart/service";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { json, requireBearer, route } from "@/lib/http";
import { expireUnpaidOrders } from "@/lib/payments/events";

// Vercel cron calls GET; other schedulers may POST. Both verify the secret before anything else.
const handler = route(async (request: NextRequest) => {
  requireBearer(request, env().CRON_SECRET);
  // Orders first: their holds are released with the order's reference before the generic sweep.
  const expiredOrders = await expireUnpaidOrders(getDb());
  const result = await cleanupReservations(getDb());
  return json({
    released: result.released,
    units: result.units,
    deletedCarts: result.deletedCarts,
    expiredOrders,
  });
});

export const GET = handler;
export const POST = handler;
