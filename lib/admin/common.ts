import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, Transaction } from "@/db/client";
import type { Locale } from "@/lib/i18n/locale";
import { textOf } from "@/lib/i18n/translate";

export type Executor = Database | Transaction;

/** What every admin service is told about the request: who acts (for timelines and ledgers), language, time. */
export interface AdminContext {
  /** The staff member's name, or the API token's name. */
  actor: string;
  locale: Locale;
  now?: Date;
}

export const iso = (value: Date | string | null | undefined): string | null =>
  value === null || value === undefined ? null : new Date(value).toISOString();

/** A field message of the admin namespace in the request's language. */
export function adminText(locale: Locale, key: string, values?: Record<string, string | number>): string {
  const t = textOf(locale, "admin");
  return t(`validation.${key}`, values);
}

/** `%text%` for LIKE, with the user's own % and _ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The constraint a PostgreSQL unique violation (23505) names, looking through drizzle's wrapping. */
export function uniqueViolation(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: unknown; constraint_name?: unknown; constraint?: unknown };
    if (candidate.code === "23505") {
      const name = candidate.constraint_name ?? candidate.constraint;
      return typeof name === "string" ? name : "";
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
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

export { rows } from "@/db/client";
