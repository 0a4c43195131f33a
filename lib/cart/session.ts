import "server-only";
import { cookies } from "next/headers";
import { getDb } from "@/db/client";
import { getCurrentUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { findUserCartId, mergeGuestCart, userCartId } from "./merge";
import { cartItemCount } from "./service";
import { CART_COOKIE, newCartId, signCartId, verifyCartToken } from "./token";

const THIRTY_DAYS_SECONDS = 30 * 24 * 60 * 60;

/**
 * The one place that decides which cart a request uses (route handlers, server actions and pages all
 * ask here): a signed-in user's own cart, else the guest cart of the signed `cart` cookie (httpOnly,
 * SameSite=Lax; a tampered one counts as no cart).
 */

function cookieOptions(maxAge: number) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure: env().NODE_ENV === "production" && env().APP_URL.startsWith("https://"),
    path: "/",
    maxAge,
  };
}

async function guestCartId(): Promise<string | null> {
  return verifyCartToken((await cookies()).get(CART_COOKIE)?.value, env().AUTH_SECRET);
}

/** The cart this request uses, or null when a guest has none yet. */
export async function readCartId(): Promise<string | null> {
  const user = await getCurrentUser();
  if (user) return findUserCartId(getDb(), user.id);
  return guestCartId();
}

/** What the header shows a visitor: signed in or not, and the units in their cart. */
export interface VisitorSummary {
  signedIn: boolean;
  cartCount: number;
}

export async function visitorSummary(): Promise<VisitorSummary> {
  const user = await getCurrentUser();
  const cartId = user ? await findUserCartId(getDb(), user.id) : await guestCartId();
  return { signedIn: user !== null, cartCount: await cartItemCount(getDb(), cartId) };
}

/** The cart this request uses, minting a guest one (and its cookie) on first use. */
export async function ensureCartId(): Promise<string> {
  return (await ensureCartOwner()).cartId;
}

/** The cart and, when signed in, its owner (for per-customer rules such as coupon limits). */
export async function ensureCartOwner(): Promise<{ cartId: string; userId: string | null }> {
  const user = await getCurrentUser();
  if (user) return { cartId: await userCartId(getDb(), user.id), userId: user.id };
  const existing = await guestCartId();
  if (existing) return { cartId: existing, userId: null };
  const cartId = newCartId();
  (await cookies()).set(
    CART_COOKIE,
    signCartId(cartId, env().AUTH_SECRET),
    cookieOptions(THIRTY_DAYS_SECONDS),
  );
  return { cartId, userId: null };
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
  if (jar.has(CART_COOKIE)) jar.set(CART_COOKIE, "", cookieOptions(0));
}
