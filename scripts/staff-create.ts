/**
 * `npm run staff:create -- --email E --password P --role staff|admin [--name "Ad Soyad"]`: creates a staff
 * account, or gives an existing account of that email the role and the new password. Against
 * DATABASE_URL or the embedded database (migrated first). Never prints the password.
 */
import { staffSchema } from "../lib/accounts/schemas";
import { upsertStaff } from "../lib/accounts/users";
import { check } from "../lib/validation";
import { cliOptions, run, withMigratedDatabase } from "./cli";

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
  return withMigratedDatabase(async (db) => {
    const { user, created } = await upsertStaff(db, parsed.data);
    console.log(`${created ? "Created" : "Updated"} ${user.role} account ${user.email} (${user.id}).`);
    return 0;
  });
}

run(main);
