import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** The guest cart cookie's name. */
export const CART_COOKIE = "cart";

/** A guest's id of some kind (`prefix` "c" for a cart, "w" for a wishlist): the prefix and 32 hex digits. */
export function newGuestId(prefix: string): string {
  return `${prefix}_${randomBytes(16).toString("hex")}`;
}

export function newCartId(): string {
  return newGuestId("c");
}

function signature(purpose: string, id: string, secret: string): string {
  return createHmac("sha256", secret).update(`${purpose}:${id}`).digest("base64url");
}

/**
 * `<id>.<HMAC>`: a guest cookie's value (the cart's, the wishlist's); the id alone would let anyone guess
 * another shopper's. `purpose` keeps one cookie's value from passing as another's.
 */
export function signGuestId(purpose: string, id: string, secret: string): string {
  return `${id}.${signature(purpose, id, secret)}`;
}

/** The id if the cookie was signed by us for `purpose`, otherwise null (tampered, truncated, foreign). */
export function verifyGuestToken(
  purpose: string,
  prefix: string,
  token: string | undefined,
  secret: string,
): string | null {
  if (!token || token.length > 200) return null;
  const dot = token.lastIndexOf(".");
  if (dot <= 0) return null;
  const id = token.slice(0, dot);
  if (!id.startsWith(`${prefix}_`) || !/^[0-9a-f]{32}$/.test(id.slice(prefix.length + 1))) return null;
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(signature(purpose, id, secret));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

export function signCartId(cartId: string, secret: string): string {
  return signGuestId("cart", cartId, secret);
}

export function verifyCartToken(token: string | undefined, secret: string): string | null {
  return verifyGuestToken("cart", "c", token, secret);
}
