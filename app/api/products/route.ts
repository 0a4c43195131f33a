import { getProductList } from "@/lib/catalog";
import { listQuerySchema } from "@/lib/catalog/schemas";
import { json, parseQuery, route } from "@/lib/http";

export const GET = route(async (request, { locale }) => {
  const query = parseQuery(listQuerySchema, request, locale);
  return json(await getProductList(query, locale));
});
