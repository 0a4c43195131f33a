import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";

/**
 * A search is suggested to others only once this many searches with results asked for it: what one
 * shopper alone typed is never shown to the next.
 */
export const POPULAR_MIN_COUNT = 3;

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
    on conflict (query) do update set count = search_queries.count + 1`);
}
