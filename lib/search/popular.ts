import { sql } from "drizzle-orm";
import { type Executor, rows } from "@/db/client";

/**
 * A search is suggested to others only once this many searches with results asked for it: what one
 * shopper alone typed is never shown to the next.
 */
export const POPULAR_MIN_COUNT = 3;

/** A search that never became popular is forgotten once nobody has searched it for this long. */
export const UNPOPULAR_KEPT_DAYS = 90;

/** A search as stored and matched: trimmed, single-spaced, in Turkish lower case, at most 100 characters. */
export function normalizeSearch(q: string): string {
  return q.trim().replace(/\s+/g, " ").slice(0, 100).toLocaleLowerCase("tr");
}

/**
 * Counts a search made on the results page (one upsert on its folded text). Only the text and a count are
 * kept; the caller records only searches that found products, so a typo or a pasted address is not kept.
 */
export async function recordSearch(db: Executor, q: string): Promise<void> {
  const text = normalizeSearch(q);
  if (!text) return;
  await db.execute(sql`insert into search_queries (query, text) values (store_fold(${text}), ${text})
    on conflict (query) do update set count = search_queries.count + 1, last_searched_on = current_date`);
}

/** Forgets the searches below POPULAR_MIN_COUNT not made for UNPOPULAR_KEPT_DAYS (`prune_records`). */
export async function pruneSearches(db: Executor, now = new Date()): Promise<number> {
  const gone = await rows(
    db,
    sql`delete from search_queries where count < ${POPULAR_MIN_COUNT}
      and last_searched_on < ${now.toISOString()}::date - ${UNPOPULAR_KEPT_DAYS}::int
      returning query`,
  );
  return gone.length;
}
