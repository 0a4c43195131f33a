import { type ParseArgsConfig, parseArgs } from "node:util";
import { createDb, type Database } from "../db/client";
import { redact, resolveDatabase } from "../db/local";
import { runMigrations } from "../db/migrate";

/** The command's `--options`; a wrong one prints why and the usage, and exits with 2. */
export function cliOptions<O extends NonNullable<ParseArgsConfig["options"]>>(options: O, usage: string) {
  try {
    return parseArgs({ options, strict: true }).values;
  } catch (error) {
    console.error((error as Error).message);
    console.error(usage);
    process.exit(2);
  }
}

/**
 * Runs `work` against DATABASE_URL or the embedded database, migrated first, and stops what it started.
 * `log` is where the "Database:" line goes (stderr for a command whose stdout is its answer).
 */
export async function withMigratedDatabase(
  work: (db: Database) => Promise<number>,
  log: (line: string) => void = console.log,
): Promise<number> {
  const database = await resolveDatabase();
  try {
    log(`Database: ${redact(database.url)} (${database.source})`);
    await runMigrations(database.url);
    const { client, db } = createDb(database.url, { max: 1 });
    try {
      return await work(db);
    } finally {
      await client.end();
    }
  } finally {
    await database.stop();
  }
}

/** Runs the command and exits with its code; an unexpected error is printed and exits with 1. */
export function run(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
