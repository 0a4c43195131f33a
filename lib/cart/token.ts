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

function signature(purpose: string, value: string, secret: string): string {
  return createHmac("sha256", secret).update(`${purpose}:${value}`).digest("base64url");
}

/**
 * `<value>.<HMAC>`: a cookie's value the store wrote (a guest's cart or wishlist id, the compare list).
 * `purpose` keeps one cookie's value from passing as another's; the HMAC follows the last dot.
 */
export function signValue(purpose: string, value: string, secret: string): string {
  return `${value}.${signature(purpose, value, secret)}`;
}

/** The value if the cookie was signed by us for `purpose`, otherwise null (tampered, truncated, foreign). */
export function verifySignedValue(
  purpose: string,
  token: string | undefined,
  secret: string,
  maxLength = 200,
): string | null {
  if (!token || token.length > maxLength) return null;
  const dot = token.lastIndexOf(".");
  if (dot <= 0) return null;
  const value = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(signature(purpose, value, secret));
  return given.length === expected.length && timingSafeEqual(given, expected) ? value : null;
}

/**
 * `<id>.<HMAC>`: a guest cookie's value (the cart's, the wishlist's); the id alone would let anyone guess
 * another shopper's.
 */
export function signGuestId(purpose: string, id: string, secret: string): string {
  return signValue(purpose, id, secret);
}

/** The id if the cookie was signed by us for `purpose` and holds an id of `prefix`, otherwise null. */
export function verifyGuestToken(
  purpose: string,
  prefix: string,
  token: string | undefined,
  secret: string,
): string | null {
  const id = verifySignedValue(purpose, token, secret);
  if (!id?.startsWith(`${prefix}_`) || !/^[0-9a-f]{32}$/.test(id.slice(prefix.length + 1))) return null;
  return id;
}

export function signCartId(cartId: string, secret: string): string {
  return signGuestId("cart", cartId, secret);
}

export function verifyCartToken(token: string | undefined, secret: string): string | null {
  return verifyGuestToken("cart", "c", token, secret);
}
