import "server-only";
import { cache } from "react";
import { getDb } from "@/db/client";
import { findUserById, type PublicUser } from "@/lib/accounts/users";
import { auth } from "./config";

/**
 * The signed-in user of this request, read fresh from the database (so a deleted account or a changed
 * role takes effect at once), or null. Once per request in server components (React `cache`).
 */
export const getCurrentUser = cache(async (): Promise<PublicUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  return findUserById(getDb(), id);
});
