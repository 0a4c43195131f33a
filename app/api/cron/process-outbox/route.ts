import type { NextRequest } from "next/server";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { json, requireBearer, route } from "@/lib/http";
import { drainOutbox } from "@/lib/notifications/sender";

// Vercel cron calls GET; other schedulers may POST. Both verify the secret before anything else.
const handler = route(async (request: NextRequest) => {
  requireBearer(request, env().CRON_SECRET);
  const { processed, failed } = await drainOutbox(getDb());
  return json({ processed, failed });
});

export const GET = handler;
export const POST = handler;
