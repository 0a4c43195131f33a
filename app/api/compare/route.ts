import { compareQuerySchema } from "@/lib/compare/schemas";
import { compareProducts } from "@/lib/compare/service";
import { getDb } from "@/lib/db";
import { json, parseQuery, route } from "@/lib/http";

export const GET = route(async (request, { locale }) => {
  const { slugs } = parseQuery(compareQuerySchema, request, locale);
  return json(await compareProducts(getDb(), slugs, locale));
});
