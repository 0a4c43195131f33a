/**
 * Admin API tokens from the command line (against DATABASE_URL or the embedded database, migrated first):
 *   npm run admin:token -- --name "ERP" [--expires-days 90]   prints a new token ONCE (stored as a SHA-256)
 *   npm run admin:token -- --list                              lists tokens (prefix, status, last use)
 *   npm run admin:token -- --revoke tok_…|sfat_…               revokes by id or by the listed prefix
 */
import { createAdminToken, listAdminTokens, revokeAdminToken } from "../lib/admin/tokens";
import { cliOptions, run, withMigratedDatabase } from "./cli";

const USAGE =
  "usage: npm run admin:token -- --name N [--expires-days D]\n" +
  "       npm run admin:token -- --list\n" +
  "       npm run admin:token -- --revoke <id or prefix>";
const DAY_MS = 24 * 60 * 60 * 1000;

const options = () =>
  cliOptions(
    {
      name: { type: "string" },
      "expires-days": { type: "string" },
      list: { type: "boolean" },
      revoke: { type: "string" },
    },
    USAGE,
  );

async function main(): Promise<number> {
  const args = options();
  const modes = [args.name !== undefined, Boolean(args.list), args.revoke !== undefined].filter(Boolean);
  if (modes.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const name = args.name?.trim();
  if (args.name !== undefined && (!name || name.length > 100)) {
    console.error(`--name must be 1–100 characters\n${USAGE}`);
    return 2;
  }
  let expiresAt: Date | null = null;
  if (args["expires-days"] !== undefined) {
    const days = Number(args["expires-days"]);
    if (!Number.isInteger(days) || days < 1 || days > 3650) {
      console.error(`--expires-days must be a whole number from 1 to 3650\n${USAGE}`);
      return 2;
    }
    expiresAt = new Date(Date.now() + days * DAY_MS);
  }

  // Diagnostics go to stderr, so `npm run -s admin:token -- --name X` prints only the token on stdout.
  return withMigratedDatabase(async (db) => {
    if (name) {
      const { token, info } = await createAdminToken(db, { name, createdBy: "cli", expiresAt });
      console.error(
        `Created admin API token "${info.name}" (${info.id}, prefix ${info.prefix}, ${
          info.expiresAt ? `expires ${info.expiresAt}` : "no expiry"
        }). It is shown once; store it now:`,
      );
      console.log(token);
    } else if (args.list) {
      const tokens = await listAdminTokens(db);
      if (tokens.length === 0) console.log("No admin API tokens.");
      for (const t of tokens) {
        console.log(
          [
            t.id,
            t.prefix,
            t.status,
            JSON.stringify(t.name),
            `created ${t.createdAt}`,
            `last used ${t.lastUsedAt ?? "never"}`,
            `expires ${t.expiresAt ?? "never"}`,
          ].join("  "),
        );
      }
    } else if (args.revoke) {
      const revoked = await revokeAdminToken(db, args.revoke.trim());
      console.log(revoked ? `Revoked ${args.revoke}.` : `No active token ${args.revoke}.`);
      if (!revoked) return 1;
    }
    return 0;
  }, console.error);
}

run(main);
