import "server-only";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { guestWishlistId, mintGuestWishlist } from "./guest";
import { findUserWishlistId, userWishlistId } from "./service";

/**
 * The one place that decides which wishlist a request uses: a signed-in user's own list, else the guest
 * list of the signed `wishlist` cookie (lib/wishlist/guest.ts).
 */

/** The list this request reads, or null when a guest has none yet. */
export async function readWishlistId(): Promise<string | null> {
  const user = await getCurrentUser();
  if (user) return findUserWishlistId(getDb(), user.id);
  return guestWishlistId();
}

/** The list this request changes, minting a guest one (and its cookie) on first use. */
export async function ensureWishlistId(): Promise<string> {
  const user = await getCurrentUser();
  if (user) return userWishlistId(getDb(), user.id);
  return (await guestWishlistId()) ?? (await mintGuestWishlist());
}
