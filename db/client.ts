import type { SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export function createDb(url: string, options: { max?: number; lowStockThreshold?: number } = {}) {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    // Let a dead server fail a request quickly (503) instead of hanging it.
    connect_timeout: 5,
    // postgres.js waits before reconnecting, (0.5–1) × min(3^n / 100, 20) s with n the pool's failed
    // attempts so far: after a few failures every request would wait up to 20 s for its connection
    // attempt, during an outage and after it. Capped at 1 s: a request fails fast (503) and recovers fast.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    idle_timeout: 60,
    // Read by the low-stock webhook trigger (migration webhooks), which cannot see the environment.
    ...(options.lowStockThreshold === undefined
      ? {}
      : { connection: { "store.low_stock_threshold": String(options.lowStockThreshold) } }),
  });
  return { client, db: drizzle({ client, schema, casing: "snake_case" }) };
}

export type Database = ReturnType<typeof createDb>["db"];
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** A statement runs the same inside or outside a transaction. */
export type Executor = Database | Transaction;

/**
 * Runs a raw SQL statement and returns its rows, typed as the columns the statement selects (`T`, named
 * by the caller, who knows the SELECT list). The one place the driver's untyped result is cast.
 */
export async function rows<T>(db: Database | Transaction, query: SQL): Promise<T[]> {
  return (await db.execute(query)) as unknown as T[];
}
