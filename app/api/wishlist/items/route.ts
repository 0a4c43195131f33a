import { getDb } from "@/lib/db";
import { json, parseJson, route } from "@/lib/http";
import { wishlistItemSchema } from "@/lib/wishlist/schemas";
import { addToWishlist, listWishlist } from "@/lib/wishlist/service";
import { ensureWishlistId, readWishlistId } from "@/lib/wishlist/session";

// Per visitor: never stored by a shared cache.
const PRIVATE = { headers: { "cache-control": "private, no-store" } };

export const GET = route(async (_request, { locale }) =>
  json({ items: await listWishlist(getDb(), await readWishlistId(), locale) }, PRIVATE),
);

export const POST = route(async (request, { locale }) => {
  const { sku } = await parseJson(wishlistItemSchema, request, locale);
  const wishlistId = await ensureWishlistId();
  await addToWishlist(getDb(), wishlistId, sku);
  return json({ items: await listWishlist(getDb(), wishlistId, locale) }, PRIVATE);
});
