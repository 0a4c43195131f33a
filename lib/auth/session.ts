import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { findUserById, type PublicUser } from "@/lib/accounts/users";
import { getDb } from "@/lib/db";
import { auth } from "./config";
import { sessionCookieName } from "./cookies";

/**
 * The signed-in user of this request, read fresh from the database (so a deleted account or a changed
 * role takes effect at once), or null. Once per request in server components (React `cache`).
 */
export const getCurrentUser = cache(async (): Promise<PublicUser | null> => {
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
