import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { json } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Liveness for load balancers: 200 when the database answers, 503 when it does not. */
export async function GET() {
  try {
    await getDb().execute(sql`select 1`);
    return json({ ok: true, db: "up" });
  } catch {
    return json({ ok: false, db: "down" }, { status: 503, headers: { "Retry-After": "5" } });
  }
}
