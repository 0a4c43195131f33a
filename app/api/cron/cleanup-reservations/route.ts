import type { NextRequest } from "next/server";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { json, requireBearer, route } from "@/lib/http";
import { releaseExpired } from "@/lib/jobs/recurring";

// Vercel cron calls GET; other schedulers may POST. Both verify the secret before anything else.
const handler = route(async (request: NextRequest) => {
  requireBearer(request, env().CRON_SECRET);
  return json(await releaseExpired(getDb()));
});

export const GET = handler;
export const POST = handler;
