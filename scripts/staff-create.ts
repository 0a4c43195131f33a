/**
 * `npm run staff:create -- --email E --password P --role staff|admin [--name "Ad Soyad"]`: creates a staff
 * account, or gives an existing account of that email the role and the new password. Against
 * DATABASE_URL or the embedded database (migrated first). Never prints the password.
 */
import { createDb } from "../db/client";
import { redact, resolveDatabase } from "../db/local";
import { runMigrations } from "../db/migrate";
import { staffSchema } from "../lib/accounts/schemas";
import { upsertStaff } from "../lib/accounts/users";
import { check } from "../lib/validation";
import { cliOptions } from "./cli";

const USAGE = "usage: npm run staff:create -- --email E --password P --role staff|admin [--name N]";

const options = () =>
  cliOptions(
    {
      email: { type: "string" },
      password: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
    },
    USAGE,
  );

async function main(): Promise<number> {
  const parsed = check(staffSchema, options(), "en");
  if (!parsed.ok) {
    const problems = Object.entries(parsed.fields).map(([field, message]) => `  --${field}: ${message}`);
    console.error(`Invalid arguments:\n${problems.join("\n")}\n${USAGE}`);
    return 2;
  }
  const database = await resolveDatabase();
  try {
    console.log(`Database: ${redact(database.url)} (${database.source})`);
    await runMigrations(database.url);
    const { client, db } = createDb(database.url, { max: 1 });
    try {
      const { user, created } = await upsertStaff(db, parsed.data);
      console.log(`${created ? "Created" : "Updated"} ${user.role} account ${user.email} (${user.id}).`);
    } finally {
      await client.end();
    }
  } finally {
    await database.stop();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
