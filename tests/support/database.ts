import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, inject } from "vitest";
import { ensureDatabase } from "@/db/embedded";
import { closeDb } from "@/lib/db";

// Each test file runs against its own copy of the migrated, seeded template database.
const serverUrl = inject("pgServerUrl");
const name = `${inject("pgTemplate")}_${randomBytes(4).toString("hex")}`;
const url = await ensureDatabase(serverUrl, name, inject("pgTemplate"));
process.env.DATABASE_URL = url;

afterAll(async () => {
  await closeDb();
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
});
