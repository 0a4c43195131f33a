import { createHash, createHmac, randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { compactVerify, errors, jwtVerify, SignJWT } from "jose";
import { type Database, type Executor, rows } from "@/db/client";
import { appRefreshTokens, appTokenFamilies, users } from "@/db/schema";
import { type PublicUser, publicUserColumns, verifyCredentials } from "@/lib/accounts/users";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * Tokens for the store's apps (issue 17): `POST /api/v1/auth/token` and `/revoke`, and the bearer
 * access token every shopper route takes in place of the session cookie (lib/auth/session.ts).
 *
 * - Access token: a JWT (HS256) for 15 minutes with the user (`sub`) and the sign-in's family (`fid`),
 *   signed with a key derived from AUTH_SECRET for this purpose only. Honoured only while its family is
 *   live and the account is a live customer account, checked on every request.
 * - Refresh token: `sfrt_` + 32 random bytes, kept as its SHA-256, valid 30 days from its issue and
 *   exchangeable once: the exchange spends it and issues a new pair in the same family. Presenting a
 *   spent one again (a copy in someone else's hands, or an app refreshing twice at once) revokes the
 *   family: every token of that sign-in stops working.
 */

export const ACCESS_TTL_SECONDS = 15 * 60;
export const REFRESH_TTL_SECONDS = 30 * 24 * 60 * 60;
export const REFRESH_PREFIX = "sfrt_";
const AUDIENCE = "store-app";
const TOKEN_TYPE = "at+jwt";

export interface TokenPair {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  refresh_token: string;
}

/** Not next-auth's key: its cookies are encrypted with keys it derives from AUTH_SECRET its own way. */
function accessKey(): Uint8Array {
  return createHmac("sha256", env().AUTH_SECRET).update("store app access token v1").digest();
}

const seconds = (at: Date) => Math.floor(at.getTime() / 1000);
const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/** An access token; exported for tests that need one signed at another time. */
export function signAccessToken(userId: string, familyId: string, now = new Date()): Promise<string> {
  return new SignJWT({ fid: familyId })
    .setProtectedHeader({ alg: "HS256", typ: TOKEN_TYPE })
    .setSubject(userId)
    .setAudience(AUDIENCE)
    .setIssuedAt(seconds(now))
    .setExpirationTime(seconds(now) + ACCESS_TTL_SECONDS)
    .sign(accessKey());
}

async function issuePair(
  tx: Executor,
  owner: { userId: string; familyId: string; parentId: string | null },
  now: Date,
): Promise<TokenPair> {
  const refreshToken = `${REFRESH_PREFIX}${randomBytes(32).toString("base64url")}`;
  await tx.insert(appRefreshTokens).values({
    familyId: owner.familyId,
    parentId: owner.parentId,
    tokenHash: hashToken(refreshToken),
    createdAt: now,
    expiresAt: new Date(now.getTime() + REFRESH_TTL_SECONDS * 1000),
  });
  return {
    access_token: await signAccessToken(owner.userId, owner.familyId, now),
    token_type: "Bearer",
    expires_in: ACCESS_TTL_SECONDS,
    refresh_token: refreshToken,
  };
}

/**
 * The password grant: the sign-in form's check (same argon2 timing for unknown emails, same rate limits
 * and buckets, so neither door gives more guesses), then a new family. Staff accounts get no app tokens
 * (403): scripts acting for staff use admin API tokens.
 */
export async function passwordGrant(
  db: Database,
  input: { email: string; password: string; ip: string },
  now = new Date(),
): Promise<TokenPair> {
  const user = await verifyCredentials(db, input, now);
  if (!user) throw new AppError("INVALID_CREDENTIALS");
  if (user.role !== "customer") throw new AppError("FORBIDDEN", { reason: "staff_account" });
  return db.transaction(async (tx) => {
    const [family] = await tx
      .insert(appTokenFamilies)
      .values({ userId: user.id, createdAt: now })
      .returning({ id: appTokenFamilies.id });
    if (!family) throw new Error("could not start a token family");
    return issuePair(tx, { userId: user.id, familyId: family.id, parentId: null }, now);
  });
}

/** How long a finished sign-in (revoked, or its last refresh token expired) is kept before it is deleted. */
export const FINISHED_FAMILY_KEPT_DAYS = 30;

/**
 * Deletes the app sign-ins finished more than FINISHED_FAMILY_KEPT_DAYS ago, with their spent refresh
 * tokens (the daily `prune_records` job); a token of theirs is then unknown, 401 INVALID_TOKEN as before.
 */
export async function pruneTokenFamilies(db: Executor, now = new Date()): Promise<number> {
  const before = sql`${now.toISOString()}::timestamptz - ${FINISHED_FAMILY_KEPT_DAYS} * interval '1 day'`;
  const gone = await rows(
    db,
    sql`delete from app_token_families f
    where f.revoked_at < ${before}
      or not exists (select 1 from app_refresh_tokens t where t.family_id = f.id and t.expires_at >= ${before})
    returning f.id`,
  );
  return gone.length;
}

async function revokeFamily(db: Executor, familyId: string, now: Date): Promise<void> {
  await db
    .update(appTokenFamilies)
    .set({ revokedAt: now })
    .where(and(eq(appTokenFamilies.id, familyId), isNull(appTokenFamilies.revokedAt)));
}

/**
 * The refresh grant. The token's row is locked, so of concurrent exchanges of one token the first
 * spends it and the others find it spent, which is reuse: they revoke the family (the revocation is
 * committed, then 401 INVALID_TOKEN).
 */
export async function refreshGrant(db: Database, refreshToken: string, now = new Date()): Promise<TokenPair> {
  const pair = await db.transaction(async (tx) => {
    const [token] = await tx
      .select({
        id: appRefreshTokens.id,
        familyId: appRefreshTokens.familyId,
        spentAt: appRefreshTokens.spentAt,
        expiresAt: appRefreshTokens.expiresAt,
        revokedAt: appTokenFamilies.revokedAt,
        userId: users.id,
        role: users.role,
        erasedAt: users.erasedAt,
      })
      .from(appRefreshTokens)
      .innerJoin(appTokenFamilies, eq(appTokenFamilies.id, appRefreshTokens.familyId))
      .innerJoin(users, eq(users.id, appTokenFamilies.userId))
      .where(eq(appRefreshTokens.tokenHash, hashToken(refreshToken)))
      .for("update", { of: appRefreshTokens });
    if (!token || token.revokedAt || token.erasedAt || token.role !== "customer") return null;
    if (token.spentAt) {
      await revokeFamily(tx, token.familyId, now);
      return null;
    }
    if (token.expiresAt <= now) return null;
    await tx.update(appRefreshTokens).set({ spentAt: now }).where(eq(appRefreshTokens.id, token.id));
    return issuePair(tx, { userId: token.userId, familyId: token.familyId, parentId: token.id }, now);
  });
  if (!pair) throw new AppError("INVALID_TOKEN");
  return pair;
}

/** The family an access token names, when the signature is ours (expired or not), else null. */
async function familyOfAccessToken(token: string): Promise<string | null> {
  try {
    const { payload } = await compactVerify(token, accessKey(), { algorithms: ["HS256"] });
    const claims = JSON.parse(new TextDecoder().decode(payload)) as { fid?: unknown; aud?: unknown };
    return claims.aud === AUDIENCE && typeof claims.fid === "string" ? claims.fid : null;
  } catch {
    return null;
  }
}

/**
 * Revokes the family of a refresh or access token (RFC 7009 style: an unknown, spent, expired or foreign
 * token changes nothing and is no error, so the answer tells nothing about the token).
 */
export async function revokeToken(db: Database, token: string, now = new Date()): Promise<void> {
  let familyId: string | null;
  if (token.startsWith(REFRESH_PREFIX)) {
    const [row] = await db
      .select({ familyId: appRefreshTokens.familyId })
      .from(appRefreshTokens)
      .where(eq(appRefreshTokens.tokenHash, hashToken(token)));
    familyId = row?.familyId ?? null;
  } else {
    familyId = await familyOfAccessToken(token);
  }
  if (familyId) await revokeFamily(db, familyId, now);
}

/**
 * The user of a bearer access token, read from the database with its family: 401 TOKEN_EXPIRED once its
 * 15 minutes are over (the app refreshes), 401 INVALID_TOKEN when it is not ours, its family is revoked
 * or the account is gone or no longer a customer account (the app signs in again).
 */
export async function userOfAccessToken(db: Database, token: string, now = new Date()): Promise<PublicUser> {
  let claims: { sub?: unknown; fid?: unknown };
  try {
    ({ payload: claims } = await jwtVerify(token, accessKey(), {
      algorithms: ["HS256"],
      audience: AUDIENCE,
      typ: TOKEN_TYPE,
      currentDate: now,
    }));
  } catch (error) {
    throw new AppError(error instanceof errors.JWTExpired ? "TOKEN_EXPIRED" : "INVALID_TOKEN");
  }
  const { sub, fid } = claims;
  if (typeof sub !== "string" || typeof fid !== "string") throw new AppError("INVALID_TOKEN");
  const [user] = await db
    .select(publicUserColumns)
    .from(users)
    .innerJoin(appTokenFamilies, eq(appTokenFamilies.userId, users.id))
    .where(
      and(
        eq(users.id, sub),
        eq(appTokenFamilies.id, fid),
        isNull(appTokenFamilies.revokedAt),
        isNull(users.erasedAt),
        eq(users.role, "customer"),
      ),
    );
  if (!user) throw new AppError("INVALID_TOKEN");
  return user;
}
