import { type SQL, sql } from "drizzle-orm";
import { type Database, rows } from "@/db/client";
import { AppError } from "@/lib/errors";

/**
 * Rate limits kept in PostgreSQL (table rate_limit_events), so they hold across server instances.
 * An attempt is one row (bucket, key, at); a limit is "at most `limit` attempts within `windowSeconds`".
 * Every caller passes its clock in (`now`), so tests can move time.
 */

export interface Limit {
  limit: number;
  windowSeconds: number;
}

/** Rows older than this are pruned by any caller; no bucket may use a longer window. */
export const RETENTION_SECONDS = 7 * 24 * 60 * 60;
/** One hit in this many also prunes the whole table (a bounded batch), the others only their own key. */
const GLOBAL_PRUNE_ONE_IN = 50;
const GLOBAL_PRUNE_BATCH = 1000;

function retryAfter(blocker: string | Date | null, windowSeconds: number, now: Date): number {
  if (!blocker) return 1;
  const freesAt = new Date(blocker).getTime() + windowSeconds * 1000;
  return Math.max(1, Math.ceil((freesAt - now.getTime()) / 1000));
}

/**
 * The window's attempts counted in one statement: how many there are, and `blocker`, the attempt whose
 * leaving the window brings the count back under the limit (the limit-th newest). Attempts stamped later
 * than `now` count too: concurrent callers take their clocks before queueing for the key's lock, so the
 * one served last may hold the earliest `now`, and must still see every attempt recorded before it.
 */
function windowStats(bucket: string, key: string, { limit, windowSeconds }: Limit, now: Date): SQL {
  const since = new Date(now.getTime() - windowSeconds * 1000).toISOString();
  return sql`recent as (
      select at, row_number() over (order by at desc, id desc) as rn from rate_limit_events
      where bucket = ${bucket} and key = ${key} and at > ${since}
    ), stats as (
      select count(*)::int as n, (select at from recent where rn = ${limit}) as blocker from recent
    )`;
}

/**
 * Records an attempt and returns its id, or throws RATE_LIMITED (`details.retryAfterSeconds`) when the
 * window already holds `limit` attempts; a refused attempt is not recorded, so waiting is enough.
 * Count and insert are one statement under a per-key advisory lock, so concurrent attempts (from any
 * number of instances) can never exceed the limit.
 */
export async function hit(
  db: Database,
  bucket: string,
  key: string,
  limit: Limit,
  now = new Date(),
): Promise<number> {
  const prune = new Date(now.getTime() - Math.max(limit.windowSeconds, 1) * 1000).toISOString();
  const result = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${bucket}), hashtext(${key}))`);
    const [row] = await rows<{ n: number; blocker: string | Date | null; id: number | null }>(
      tx,
      sql`with ${windowStats(bucket, key, limit, now)}, inserted as (
          insert into rate_limit_events (bucket, key, at)
          select ${bucket}, ${key}, ${now.toISOString()} from stats where n < ${limit.limit}
          returning id
        ), pruned as (
          delete from rate_limit_events where bucket = ${bucket} and key = ${key} and at <= ${prune}
        )
        select n, blocker, (select id from inserted) as id from stats`,
    );
    return row;
  });
  if (Math.random() * GLOBAL_PRUNE_ONE_IN < 1) await pruneOld(db, now);
  if (!result?.id) {
    throw new AppError("RATE_LIMITED", {
      retryAfterSeconds: retryAfter(result?.blocker ?? null, limit.windowSeconds, now),
    });
  }
  return Number(result.id);
}

/** Throws RATE_LIMITED when the next attempt would be refused, without recording anything. */
export async function assertNotLimited(
  db: Database,
  bucket: string,
  key: string,
  limit: Limit,
  now = new Date(),
): Promise<void> {
  const [row] = await rows<{ n: number; blocker: string | Date | null }>(
    db,
    sql`with ${windowStats(bucket, key, limit, now)} select n, blocker from stats`,
  );
  if ((row?.n ?? 0) >= limit.limit) {
    throw new AppError("RATE_LIMITED", {
      retryAfterSeconds: retryAfter(row?.blocker ?? null, limit.windowSeconds, now),
    });
  }
}

/** Takes back recorded attempts (e.g. a sign-in that turned out to succeed is not a failure). */
export async function forget(db: Database, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(sql`delete from rate_limit_events where id in ${ids}`);
}

/** Clears a key's attempts in a bucket (e.g. an email's sign-in failures after a successful sign-in). */
export async function reset(db: Database, bucket: string, key: string): Promise<void> {
  await db.execute(sql`delete from rate_limit_events where bucket = ${bucket} and key = ${key}`);
}

/** Deletes a bounded batch of rows older than the retention period, for every bucket. */
export async function pruneOld(db: Database, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - RETENTION_SECONDS * 1000).toISOString();
  const deleted = await rows<{ id: number }>(
    db,
    sql`delete from rate_limit_events where id in (
      select id from rate_limit_events where at < ${cutoff} limit ${GLOBAL_PRUNE_BATCH}) returning id`,
  );
  return deleted.length;
}
