import "server-only";
import type { NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import type { Role } from "@/db/schema";
import { findUserById, type PublicUser } from "@/lib/accounts/users";
import { verifyAdminToken } from "@/lib/admin/tokens";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { secureCookies } from "./cookies";
import { decide } from "./policy";

/**
 * The admin API's guard (/api/admin/*). It reads the request itself — the bearer token, or the session
 * cookie decoded exactly as next-auth does (the proxy uses the same `getToken`) — so it needs neither
 * next/headers nor the next-auth handler, and route handlers can be called directly in tests.
 * Re-exported by lib/auth/guards.ts.
 */

/** Who is acting on /api/admin/*: a staff member (session) or an admin API token. */
export interface StaffActor {
  kind: "user" | "token";
  id: string;
  /** Written to order timelines, ledgers and refunds: the staff member's name or the token's name. */
  name: string;
  role: Role | "token";
}

/** The session cookie's user, read from the request itself (usable wherever the request is at hand). */
async function sessionUserOf(request: NextRequest): Promise<PublicUser | null> {
  const token = await getToken({
    req: request,
    secret: env().AUTH_SECRET,
    secureCookie: secureCookies(),
  }).catch(() => null);
  return token?.sub ? findUserById(getDb(), token.sub) : null;
}

/**
 * The admin API's guard. `Authorization: Bearer <admin API token>` is checked first: a token that is
 * unknown, revoked or expired is 401 (never a fallback to the cookie). Without a bearer, the session
 * cookie: anonymous 401, a customer 403, staff allowed (the role read from the database). `need:
 * "admin"` (token and staff management) takes an administrator's session: tokens get 403 there.
 */
export async function requireAdminApi(
  request: NextRequest,
  need: "staff" | "admin" = "staff",
): Promise<StaffActor> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null && /^bearer\s/i.test(authorization)) {
    const principal = await verifyAdminToken(getDb(), authorization.replace(/^bearer\s+/i, "").trim());
    if (!principal) throw new AppError("UNAUTHORIZED", { reason: "invalid_token" });
    if (need === "admin") throw new AppError("FORBIDDEN", { reason: "session_required" });
    return { kind: "token", id: principal.id, name: principal.name, role: "token" };
  }
  const user = await sessionUserOf(request);
  const verdict = decide(user, need);
  if (verdict === "unauthorized" || !user) throw new AppError("UNAUTHORIZED");
  if (verdict === "forbidden") throw new AppError("FORBIDDEN");
  return { kind: "user", id: user.id, name: user.name, role: user.role };
}
