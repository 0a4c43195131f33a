import "server-only";
import { cookies } from "next/headers";
import { env } from "@/lib/env";
import { CART_COOKIE, newCartId, signCartId, verifyCartToken } from "./token";

const THIRTY_DAYS_SECONDS = 30 * 24 * 60 * 60;

/**
 * The adapter between the shopper's cookie and the cart services (route handlers and server actions
 * both use it). The cookie is httpOnly, SameSite=Lax and signed; a tampered one counts as no cart.
 */
export async function readCartId(): Promise<string | null> {
  return verifyCartToken((await cookies()).get(CART_COOKIE)?.value, env().AUTH_SECRET);
}

/** The shopper's cart id, minting one (and its cookie) on first use. The row is created on first add. */
export async function ensureCartId(): Promise<string> {
  const existing = await readCartId();
  if (existing) return existing;
  const cartId = newCartId();
  (await cookies()).set(CART_COOKIE, signCartId(cartId, env().AUTH_SECRET), {
    httpOnly: true,
    sameSite: "lax",
    secure: env().NODE_ENV === "production" && env().APP_URL.startsWith("https://"),
    path: "/",
    maxAge: THIRTY_DAYS_SECONDS,
  });
  return cartId;
}
