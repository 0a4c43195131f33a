import path from "node:path";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { runMigrations as installJobQueue } from "graphile-worker";
import { createDb } from "./client";

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/**
 * Installs or upgrades graphile-worker's own schema (`graphile_worker`, the job queue), then applies the
 * drizzle-kit migrations in `folder` that the database has not seen yet. The queue goes first: our
 * migrations add jobs with `graphile_worker.add_job` (0010 carries the old outbox over).
 */
export async function runMigrations(url: string, folder = MIGRATIONS_FOLDER): Promise<void> {
  await installJobQueue({ connectionString: url, maxPoolSize: 1 });
  const { client, db } = createDb(url, { max: 1 });
  try {
    await migrate(db, { migrationsFolder: folder });
  } finally {
    await client.end();
  }
}
