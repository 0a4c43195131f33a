import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { findUserById, type PublicUser } from "@/lib/accounts/users";
import { userOfAccessToken } from "@/lib/app-tokens/service";
import { getDb } from "@/lib/db";
import { bearerToken } from "@/lib/http";
import { auth } from "./config";
import { sessionCookieName } from "./cookies";

/**
 * The signed-in user of this request, read fresh from the database (so a deleted account or a changed
 * role takes effect at once), or null. Once per request in server components (React `cache`).
 *
 * An app's `Authorization: Bearer <access token>` (lib/app-tokens) stands in for the session cookie, so
 * every shopper route and the cart follow the token's account; a bad, expired or revoked token is 401
 * (INVALID_TOKEN, TOKEN_EXPIRED), never a guest, so an app never fills a guest cart by mistake.
 */
export const getCurrentUser = cache(async (): Promise<PublicUser | null> => {
  const token = bearerToken((await headers()).get("authorization"));
  if (token !== null) return userOfAccessToken(getDb(), token);
  // Most requests (guests, API clients) have no session cookie: nothing for next-auth to decode then,
  // and setting it up costs more CPU than the rest of an add-to-cart.
  const jar = await cookies();
  const name = sessionCookieName();
  if (!jar.getAll().some((cookie) => cookie.name.startsWith(name))) return null;
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  return findUserById(getDb(), id);
});
