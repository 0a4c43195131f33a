import "server-only";
import { cookies } from "next/headers";
import { guestCookieOptions } from "@/lib/cart/guest";
import { signGuestId, verifyGuestToken } from "@/lib/cart/token";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { mergeGuestWishlist, newWishlistId } from "./service";

/**
 * A guest's wishlist: the signed `wishlist` cookie, signed as the cart's is (lib/cart/token.ts). Kept
 * apart from lib/wishlist/session.ts, which also asks who is signed in, so that signing in (lib/auth) can
 * hand the guest's list over without importing the session back.
 */

export const WISHLIST_COOKIE = "wishlist";
const PURPOSE = "wishlist";
const NINETY_DAYS_SECONDS = 90 * 24 * 60 * 60;

export function signWishlistId(wishlistId: string, secret: string): string {
  return signGuestId(PURPOSE, wishlistId, secret);
}

/** The guest list of this request's cookie, or null (none, or tampered). */
export async function guestWishlistId(): Promise<string | null> {
  return verifyGuestToken(PURPOSE, "w", (await cookies()).get(WISHLIST_COOKIE)?.value, env().AUTH_SECRET);
}

/** A new guest list id and its cookie (the row is written by the first add). */
export async function mintGuestWishlist(): Promise<string> {
  const wishlistId = newWishlistId();
  (await cookies()).set(
    WISHLIST_COOKIE,
    signWishlistId(wishlistId, env().AUTH_SECRET),
    guestCookieOptions(NINETY_DAYS_SECONDS),
  );
  return wishlistId;
}

/**
 * Sign-in and registration: the guest list of this request's cookie joins the user's, and the cookie is
 * cleared. A merge that fails is logged and leaves the cookie for the next sign-in; it never blocks signing in.
 */
export async function adoptGuestWishlist(userId: string): Promise<void> {
  const guest = await guestWishlistId();
  if (!guest) return;
  try {
    await mergeGuestWishlist(getDb(), { guestWishlistId: guest, userId });
  } catch (error) {
    log.error({ err: error }, "Could not merge the guest wishlist at sign-in");
    return;
  }
  (await cookies()).set(WISHLIST_COOKIE, "", guestCookieOptions(0));
}
