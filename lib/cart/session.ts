import "server-only";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { guestCartId, mintGuestCart } from "./guest";
import { findUserCartId, userCartId } from "./merge";
import { cartItemCount } from "./service";

/**
 * The one place that decides which cart a request uses (route handlers, server actions and pages all
 * ask here): a signed-in user's own cart, else the guest cart of the signed `cart` cookie (lib/cart/guest.ts).
 */

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
  return { cartId: (await guestCartId()) ?? (await mintGuestCart()), userId: null };
}
