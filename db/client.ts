import type { SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env } from "@/lib/env";
import * as schema from "./schema";

export function createDb(url: string, options: { max?: number } = {}) {
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

// Cached on globalThis so that hot reload in development does not open a new pool on every edit.
const globalForDb = globalThis as unknown as { storeDb?: ReturnType<typeof createDb> };

function connection() {
  if (!globalForDb.storeDb) {
    const { DATABASE_URL, DB_POOL_MAX } = env();
    if (!DATABASE_URL) {
      throw new Error(
        "DATABASE_URL is not set: start the store with `npm run dev` or `npm start`, which provide one.",
      );
    }
    globalForDb.storeDb = createDb(DATABASE_URL, { max: DB_POOL_MAX });
  }
  return globalForDb.storeDb;
}

/** The store's database (drizzle over postgres.js), opened on first use. */
export function getDb(): Database {
  return connection().db;
}

/** The raw postgres.js client, for the few statements drizzle cannot express. */
export function getSql() {
  return connection().client;
}

export async function closeDb(): Promise<void> {
  const current = globalForDb.storeDb;
  globalForDb.storeDb = undefined;
  await current?.client.end({ timeout: 5 });
}
