import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

const SECRETS_FILE = ".data/secrets.json";

/**
 * On the embedded database (a laptop, a demo) AUTH_SECRET and CRON_SECRET are made up once and kept in
 * .data/, so carts and sessions survive restarts; a real deployment (DATABASE_URL) sets them itself.
 */
export function localSecrets(): { AUTH_SECRET: string; CRON_SECRET: string } {
  if (existsSync(SECRETS_FILE)) return JSON.parse(readFileSync(SECRETS_FILE, "utf8"));
  const secrets = {
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    CRON_SECRET: randomBytes(24).toString("base64url"),
  };
  mkdirSync(".data", { recursive: true });
  writeFileSync(SECRETS_FILE, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}
