import { createHash, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { type Database, rows } from "@/db/client";

/**
 * Admin API tokens (`Authorization: Bearer sfat_…`) for scripts and ERPs. The token is shown once when it
 * is made; the database keeps only its SHA-256 and a short prefix to recognise it in a list.
 *
 * Format: `sfat_<expiry>_<secret>` where `<secret>` is 32 random bytes in base64url (43 characters) and
 * `<expiry>` is the expiry as Unix seconds in base 36, or `0` for a token that does not expire. The hash
 * covers the whole text, so changing the expiry gives a token that does not exist. (The admin_tokens
 * table has no expiry column; keeping it inside the hashed token needs no schema change.)
 */

export const TOKEN_PREFIX = "sfat_";
const FORMAT = /^sfat_([0-9a-z]{1,12})_([A-Za-z0-9_-]{43})$/;
/** last_used_at is written at most once a minute per token, not on every request. */
const TOUCH_EVERY_MS = 60_000;

export interface AdminTokenInfo {
  id: string;
  name: string;
  prefix: string;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  expiresAt: string | null;
  status: "active" | "revoked" | "expired";
}

export interface TokenPrincipal {
  id: string;
  name: string;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

function expiryOf(token: string): Date | null | undefined {
  const match = FORMAT.exec(token);
  if (!match) return undefined;
  const code = match[1] ?? "0";
  return code === "0" ? null : new Date(Number.parseInt(code, 36) * 1000);
}

/** The expiry written in a stored prefix (`sfat_<expiry>_abcdef`). */
function expiryOfPrefix(prefix: string): Date | null {
  const code = /^sfat_([0-9a-z]{1,12})_/.exec(prefix)?.[1] ?? "0";
  return code === "0" ? null : new Date(Number.parseInt(code, 36) * 1000);
}

/** A new random token text (not stored). */
export function generateToken(expiresAt: Date | null = null): string {
  const expiry = expiresAt ? Math.floor(expiresAt.getTime() / 1000).toString(36) : "0";
  return `${TOKEN_PREFIX}${expiry}_${randomBytes(32).toString("base64url")}`;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** Makes a token; the returned `token` is the only time its text exists outside the caller. */
export async function createAdminToken(
  db: Database,
  input: { name: string; createdBy?: string | null; expiresAt?: Date | null },
  now = new Date(),
): Promise<{ token: string; info: AdminTokenInfo }> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw new RangeError("token name must be 1–100 characters");
  if (input.expiresAt && input.expiresAt <= now) throw new RangeError("expiry must be in the future");
  const token = generateToken(input.expiresAt ?? null);
  // The secret itself may contain "_": it starts after the separator that follows the expiry.
  const secretStart = token.indexOf("_", TOKEN_PREFIX.length) + 1;
  const prefix = token.slice(0, secretStart + 6);
  const [row] = await rows<TokenRow>(
    db,
    sql`insert into admin_tokens (name, token_hash, prefix, created_by, created_at)
    values (${name}, ${hashToken(token)}, ${prefix}, ${input.createdBy ?? null}, ${now.toISOString()})
    returning id, name, prefix, created_by, created_at, last_used_at, revoked_at`,
  );
  if (!row) throw new Error("could not store the token");
  return { token, info: toInfo(row, now) };
}

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  created_by: string | null;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
}

function toInfo(row: TokenRow, now: Date): AdminTokenInfo {
  const expiresAt = expiryOfPrefix(row.prefix);
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdBy: row.created_by,
    createdAt: iso(row.created_at) ?? "",
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
    expiresAt: iso(expiresAt),
    status: row.revoked_at ? "revoked" : expiresAt && expiresAt <= now ? "expired" : "active",
  };
}

export async function listAdminTokens(db: Database, now = new Date()): Promise<AdminTokenInfo[]> {
  const found = await rows<TokenRow>(
    db,
    sql`select id, name, prefix, created_by, created_at, last_used_at, revoked_at
    from admin_tokens order by revoked_at is not null, created_at desc limit 500`,
  );
  return found.map((row) => toInfo(row, now));
}

/** Revokes a token by id (or by its prefix, for the command line). False when none was active. */
export async function revokeAdminToken(db: Database, idOrPrefix: string, now = new Date()): Promise<boolean> {
  const found = await rows<{
    id: string;
  }>(
    db,
    sql`update admin_tokens set revoked_at = ${now.toISOString()}
    where (id = ${idOrPrefix} or prefix = ${idOrPrefix}) and revoked_at is null returning id`,
  );
  return found.length > 0;
}

/**
 * The token's owner if the text is a token of ours that is neither revoked nor expired, else null. The
 * lookup is by the SHA-256 of the whole text (a unique index), so nothing secret is compared in code.
 */
export async function verifyAdminToken(
  db: Database,
  token: string,
  now = new Date(),
): Promise<TokenPrincipal | null> {
  const expiry = expiryOf(token);
  if (expiry === undefined) return null;
  if (expiry && expiry <= now) return null;
  const [row] = await rows<{
    id: string;
    name: string;
    last_used_at: Date | string | null;
  }>(
    db,
    sql`select id, name, last_used_at from admin_tokens
    where token_hash = ${hashToken(token)} and revoked_at is null`,
  );
  if (!row) return null;
  const lastUsed = row.last_used_at ? new Date(row.last_used_at).getTime() : 0;
  if (now.getTime() - lastUsed > TOUCH_EVERY_MS) {
    await db.execute(sql`update admin_tokens set last_used_at = ${now.toISOString()} where id = ${row.id}`);
  }
  return { id: row.id, name: row.name };
}

export const tokenCreateSchema = z.object({
  name: z.string().trim().min(1).max(100),
  /** Days until the token stops working; absent or null: it works until revoked. */
  expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
});
export type TokenCreateInput = z.output<typeof tokenCreateSchema>;
