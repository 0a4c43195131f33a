import "server-only";
import { cookies } from "next/headers";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { mergeGuestCart } from "./merge";
import { CART_COOKIE, newCartId, signCartId, verifyCartToken } from "./token";

/**
 * A guest's cart: the signed `cart` cookie (httpOnly, SameSite=Lax; a tampered one counts as no cart).
 * Kept apart from lib/cart/session.ts, which also asks who is signed in, so that signing in (lib/auth)
 * can hand the guest cart over without importing the session back.
 */

const THIRTY_DAYS_SECONDS = 30 * 24 * 60 * 60;

/** A guest cookie's options (the cart's, the wishlist's): httpOnly, SameSite=Lax, Secure over https. */
export function guestCookieOptions(maxAge: number) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure: env().NODE_ENV === "production" && env().APP_URL.startsWith("https://"),
    path: "/",
    maxAge,
  };
}

/** The guest cart of this request's cookie, or null. */
export async function guestCartId(): Promise<string | null> {
  return verifyCartToken((await cookies()).get(CART_COOKIE)?.value, env().AUTH_SECRET);
}

/** A new guest cart and its cookie. */
export async function mintGuestCart(): Promise<string> {
  const cartId = newCartId();
  (await cookies()).set(
    CART_COOKIE,
    signCartId(cartId, env().AUTH_SECRET),
    guestCookieOptions(THIRTY_DAYS_SECONDS),
  );
  return cartId;
}

/**
 * Sign-in and registration: the guest cart of this request's cookie joins the user's cart (quantities
 * add up, reservations move over) and the guest cookie is cleared. A merge that fails is logged and
 * leaves the cookie, so the next sign-in tries again; it never blocks signing in.
 */
export async function adoptGuestCart(userId: string): Promise<void> {
  const jar = await cookies();
  const guest = await guestCartId();
  try {
    await mergeGuestCart(getDb(), { guestCartId: guest, userId });
  } catch (error) {
    log.error({ err: error }, "Could not merge the guest cart at sign-in");
    return;
  }
  if (jar.has(CART_COOKIE)) jar.set(CART_COOKIE, "", guestCookieOptions(0));
}
