import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { type Database, type Executor, rows } from "@/db/client";
import { AppError } from "@/lib/errors";

export interface StoredResponse {
  status: number;
  body: unknown;
}

/** Stable JSON (sorted keys) so the same request always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function requestHash(parts: unknown): string {
  return createHash("sha256").update(canonical(parts)).digest("hex");
}

const POLL_MS = 50;
const WAIT_MS = 15_000;
/**
 * How long a claim holds without news from its holder. The holder renews it every third of that while
 * its work runs, so only a holder that is gone (a server killed mid-request) lets it lapse.
 */
const LEASE_MS = 10_000;

/**
 * Runs `work` once per (scope, key). The first request claims the key; any repeat with the same hash gets
 * the stored answer — concurrent repeats wait for it — and a repeat with another hash is refused with
 * 422 IDEMPOTENCY_KEY_REUSED. Only successes are stored: a refusal (4xx) or a failure frees the key, so
 * the same request may be tried again once the cause is fixed. A claim whose holder died (its lease ran
 * out) is taken over by the next repeat with the same hash, which then runs `work` itself.
 */
export async function withIdempotency(
  db: Database,
  scope: string,
  key: string,
  hash: string,
  work: () => Promise<StoredResponse>,
  { leaseMs = LEASE_MS }: { leaseMs?: number } = {},
): Promise<StoredResponse & { replayed: boolean }> {
  const deadline = Date.now() + WAIT_MS;
  const lease = sql`now() + ${leaseMs} * interval '1 millisecond'`;
  for (;;) {
    const claimed = await rows<{ key: string }>(
      db,
      sql`
      insert into idempotency_keys (scope, key, request_hash, status, locked_until)
      values (${scope}, ${key}, ${hash}, 'in_progress', ${lease})
      on conflict (scope, key) do update set locked_until = excluded.locked_until
        where idempotency_keys.status = 'in_progress' and idempotency_keys.request_hash = excluded.request_hash
          and idempotency_keys.locked_until < now()
      returning key`,
    );
    if (claimed.length > 0) {
      // A failed renewal is not fatal: the work goes on, and the lease only lapses if renewals keep failing.
      const renewal = setInterval(() => {
        db.execute(sql`update idempotency_keys set locked_until = ${lease}
          where scope = ${scope} and key = ${key} and status = 'in_progress'`).catch(() => {});
      }, leaseMs / 3);
      try {
        const response = await work();
        if (response.status < 300) {
          await db.execute(sql`update idempotency_keys set status = 'completed', response_status = ${response.status},
            response_body = ${JSON.stringify(response.body)}::jsonb where scope = ${scope} and key = ${key}`);
        } else {
          await release(db, scope, key);
        }
        return { ...response, replayed: false };
      } catch (error) {
        await release(db, scope, key);
        throw error;
      } finally {
        clearInterval(renewal);
      }
    }
    const [existing] = await rows<{
      request_hash: string;
      status: string;
      response_status: number | null;
      response_body: unknown;
    }>(
      db,
      sql`select request_hash, status, response_status, response_body
      from idempotency_keys where scope = ${scope} and key = ${key}`,
    );
    if (!existing) continue; // freed by a failed first attempt: claim it now
    if (existing.request_hash !== hash) throw new AppError("IDEMPOTENCY_KEY_REUSED");
    if (existing.status === "completed") {
      return { status: existing.response_status ?? 200, body: existing.response_body, replayed: true };
    }
    if (Date.now() > deadline) throw new AppError("IDEMPOTENCY_IN_PROGRESS");
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * How long a key answers its repeats: a week, far beyond any client's retries (Stripe keeps its keys a
 * day). Afterwards the key, and the answer stored with it, are deleted (pruneIdempotencyKeys).
 */
export const IDEMPOTENCY_KEY_DAYS = 7;

/** Deletes the keys older than IDEMPOTENCY_KEY_DAYS (the daily `prune_records` job); how many went. */
export async function pruneIdempotencyKeys(db: Executor, now = new Date()): Promise<number> {
  const gone = await rows(
    db,
    sql`delete from idempotency_keys
      where created_at < ${now.toISOString()}::timestamptz - ${IDEMPOTENCY_KEY_DAYS} * interval '1 day'
        and locked_until < ${now.toISOString()}::timestamptz
      returning key`,
  );
  return gone.length;
}

async function release(db: Database, scope: string, key: string) {
  await db.execute(
    sql`delete from idempotency_keys where scope = ${scope} and key = ${key} and status = 'in_progress'`,
  );
}
