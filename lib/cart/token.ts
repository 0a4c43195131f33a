import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** The guest cart cookie's name. */
export const CART_COOKIE = "cart";

export function newCartId(): string {
  return `c_${randomBytes(16).toString("hex")}`;
}

function signature(cartId: string, secret: string): string {
  return createHmac("sha256", secret).update(`cart:${cartId}`).digest("base64url");
}

/** `<cartId>.<HMAC>`: the cookie value; the id alone would let anyone guess another shopper's cart. */
export function signCartId(cartId: string, secret: string): string {
  return `${cartId}.${signature(cartId, secret)}`;
}

/** The cart id if the cookie was signed by us, otherwise null (tampered, truncated, foreign). */
export function verifyCartToken(token: string | undefined, secret: string): string | null {
  if (!token || token.length > 200) return null;
  const dot = token.lastIndexOf(".");
  if (dot <= 0) return null;
  const cartId = token.slice(0, dot);
  if (!/^c_[0-9a-f]{32}$/.test(cartId)) return null;
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(signature(cartId, secret));
  return given.length === expected.length && timingSafeEqual(given, expected) ? cartId : null;
}
