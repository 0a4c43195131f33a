import { type SQL, sql } from "drizzle-orm";
import { type Executor, rows } from "@/db/client";
import type { Page } from "@/lib/lists";

/**
 * One page of a staff list: `count` is the FROM … WHERE of the rows `select` reads, so the total matches
 * the pages; `select` ends with its ORDER BY, whose tie-break keeps pages from overlapping.
 */
export async function readPage<Row>(
  db: Executor,
  paging: { page: number; limit: number },
  { count, select }: { count: SQL; select: SQL },
): Promise<Page<Row>> {
  const { page, limit } = paging;
  const [counted, items] = await Promise.all([
    rows<{ n: number }>(db, sql`select count(*)::int as n ${count}`),
    rows<Row>(db, sql`${select} limit ${limit} offset ${(page - 1) * limit}`),
  ]);
  return { items, page, limit, total: counted[0]?.n ?? 0 };
}
