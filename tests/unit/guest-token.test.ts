import { describe, expect, it } from "vitest";
import { newGuestId, signCartId, signGuestId, verifyCartToken, verifyGuestToken } from "@/lib/cart/token";

const SECRET = "s".repeat(32);

describe("signed guest cookies (cart, wishlist)", () => {
  it("gives back the id of a value signed for the same purpose only", () => {
    const wishlistId = newGuestId("w");
    const token = signGuestId("wishlist", wishlistId, SECRET);
    expect(verifyGuestToken("wishlist", "w", token, SECRET)).toBe(wishlistId);
    // Another purpose, another secret, a changed id or a cut signature: no id.
    expect(verifyGuestToken("cart", "w", token, SECRET)).toBeNull();
    expect(verifyGuestToken("wishlist", "w", token, "t".repeat(32))).toBeNull();
    const otherId = `${wishlistId.slice(0, -1)}${wishlistId.endsWith("0") ? "1" : "0"}`;
    expect(verifyGuestToken("wishlist", "w", token.replace(wishlistId, otherId), SECRET)).toBeNull();
    expect(verifyGuestToken("wishlist", "w", token.slice(0, -1), SECRET)).toBeNull();
    expect(verifyGuestToken("wishlist", "w", undefined, SECRET)).toBeNull();
  });

  it("keeps the cart's cookie as it was, and a cart's value is no wishlist's", () => {
    const cartId = newGuestId("c");
    const token = signCartId(cartId, SECRET);
    expect(verifyCartToken(token, SECRET)).toBe(cartId);
    expect(verifyGuestToken("wishlist", "w", token, SECRET)).toBeNull();
    expect(verifyGuestToken("wishlist", "c", token, SECRET)).toBeNull();
  });
});
