import type { NextRequest } from "next/server";
import { databaseUrl, getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { json, requireBearer, route } from "@/lib/http";
import { queueDueRecurring } from "@/lib/jobs/schedule";
import { drainJobs } from "@/lib/jobs/worker";

// Vercel cron calls GET; other schedulers may POST. Both verify the secret before anything else. No
// worker keeps the crontab on such hosts, so the recurring jobs due since the last call are queued first.
const handler = route(async (request: NextRequest) => {
  requireBearer(request, env().CRON_SECRET);
  const recurring = await queueDueRecurring(getDb());
  return json({ ...(await drainJobs({ connectionString: databaseUrl() })), recurring });
});

export const GET = handler;
export const POST = handler;
