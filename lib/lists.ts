import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";

/**
 * What every list of the staff pages and the admin API shares: a page of rows, a `sort` value that can
 * only name known columns, paging and search query fields, and LIKE patterns taken literally.
 */

export const iso = (value: Date | string | null | undefined): string | null =>
  value === null || value === undefined ? null : new Date(value).toISOString();

/** `%text%` for LIKE, with the user's own % and _ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
}

/**
 * A list's `sort` query value: a column key, with `-` in front for descending (`-placedAt`). Only the keys
 * given are accepted, so the value can pick an ORDER BY column safely.
 */
export function sortQuery(keys: readonly [string, ...string[]], fallback: string) {
  return z.enum([...keys, ...keys.map((key) => `-${key}`)] as [string, ...string[]]).default(fallback);
}

/** ORDER BY for a `sortQuery` value; `tieBreak` keeps the order stable across pages. */
export function orderBy(sort: string, columns: Record<string, SQL>, tieBreak: SQL): SQL {
  const descending = sort.startsWith("-");
  const column = columns[descending ? sort.slice(1) : sort];
  if (!column) throw new Error(`unknown sort column ${sort}`);
  return sql`${column} ${descending ? sql`desc nulls last` : sql`asc nulls first`}, ${tieBreak}`;
}

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
};
/** Query strings: an empty value (`status=` from a form's "all" option) means "not given". */
export const dropEmpty = (input: unknown) =>
  input && typeof input === "object"
    ? Object.fromEntries(Object.entries(input).filter(([, value]) => value !== ""))
    : input;
export const searchText = z
  .string()
  .transform((value) => value.trim().slice(0, 100))
  .optional();
