import { getDb } from "@/lib/db";
import { json, route } from "@/lib/http";
import { validate } from "@/lib/validation";
import { wishlistItemSchema } from "@/lib/wishlist/schemas";
import { listWishlist, removeFromWishlist } from "@/lib/wishlist/service";
import { readWishlistId } from "@/lib/wishlist/session";

// Next.js hands route handlers their segments already decoded: an empty or over-long SKU is 400.
export const DELETE = route<{ sku: string }>(async (_request, { params, locale }) => {
  const { sku } = validate(wishlistItemSchema, { sku: params.sku }, locale);
  const wishlistId = await readWishlistId();
  await removeFromWishlist(getDb(), wishlistId, sku);
  return json(
    { items: await listWishlist(getDb(), wishlistId, locale) },
    { headers: { "cache-control": "private, no-store" } },
  );
});
