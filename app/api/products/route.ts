import { getProductList } from "@/lib/catalog";
import { listQuerySchema } from "@/lib/catalog/schemas";
import { json, parseQuery, route } from "@/lib/http";

export const GET = route(async (request, { locale }) => {
  const query = parseQuery(listQuerySchema, request, locale);
  const list = await getProductList(query, locale);
  // The contract's card: the first variant's SKU is for the store's own cards (their wishlist heart).
  return json({ ...list, items: list.items.map(({ sku: _sku, ...card }) => card) });
});
