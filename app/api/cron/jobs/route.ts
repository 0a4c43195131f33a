import type { NextRequest } from "next/server";
import { databaseUrl } from "@/lib/db";
import { env } from "@/lib/env";
import { json, requireBearer, route } from "@/lib/http";
import { drainJobs } from "@/lib/jobs/worker";

// Vercel cron calls GET; other schedulers may POST. Both verify the secret before anything else.
const handler = route(async (request: NextRequest) => {
  requireBearer(request, env().CRON_SECRET);
  return json(await drainJobs({ connectionString: databaseUrl() }));
});

export const GET = handler;
export const POST = handler;
