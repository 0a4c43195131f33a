import { createDb, type Database } from "@/db/client";
import { env } from "@/lib/env";

/**
 * The store's own connection pool (DATABASE_URL, DB_POOL_MAX), opened on first use. db/ knows how to
 * talk to PostgreSQL; where the store's database is comes from the environment, which lib/ owns.
 */

// Cached on globalThis so that hot reload in development does not open a new pool on every edit.
const globalForDb = globalThis as unknown as { storeDb?: ReturnType<typeof createDb> };

/** DATABASE_URL, which `npm run dev` / `npm start` provide. */
export function databaseUrl(): string {
  const { DATABASE_URL } = env();
  if (!DATABASE_URL) {
    throw new Error(
      "DATABASE_URL is not set: start the store with `npm run dev` or `npm start`, which provide one.",
    );
  }
  return DATABASE_URL;
}

function connection() {
  globalForDb.storeDb ??= createDb(databaseUrl(), {
    max: env().DB_POOL_MAX,
    lowStockThreshold: env().LOW_STOCK_THRESHOLD,
  });
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
