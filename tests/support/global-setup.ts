import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { createDb } from "@/db/client";
import { ensureDatabase, freePort, startEmbeddedPostgres } from "@/db/embedded";
import { runMigrations } from "@/db/migrate";
import { seedDemoStore } from "@/lib/demo/store";

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
    pgTemplate: string;
  }
}

/**
 * One PostgreSQL for the whole run: TEST_DATABASE_URL when given, else an embedded server in a temp dir.
 * A template database is migrated and seeded once; each test file gets its own copy (tests/support/database.ts).
 */
export default async function setup(project: TestProject) {
  let serverUrl = process.env.TEST_DATABASE_URL;
  let stopServer = async () => {};
  let dataDir: string | undefined;
  if (!serverUrl) {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "store-test-pg-"));
    const server = await startEmbeddedPostgres(dataDir, await freePort());
    serverUrl = server.serverUrl;
    stopServer = server.stop;
  }
  const template = `store_template_${process.pid}`;
  const templateUrl = await ensureDatabase(serverUrl, template);
  await runMigrations(templateUrl);
  const { client, db } = createDb(templateUrl, { max: 1 });
  await seedDemoStore(db);
  await client.end();

  project.provide("pgServerUrl", serverUrl);
  project.provide("pgTemplate", template);

  return async () => {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    const leftovers = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${`${template}%`}`;
    // Copies first, the template last.
    leftovers.sort((a, b) => b.datname.length - a.datname.length);
    for (const { datname } of leftovers)
      await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    await admin.end();
    await stopServer();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}
