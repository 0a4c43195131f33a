import { getDb } from "@/lib/db";
import { json, parseQuery, route } from "@/lib/http";
import { suggestQuerySchema } from "@/lib/search/schemas";
import { cachedSuggest } from "@/lib/search/suggest-cache";

export const GET = route(async (request, { locale }) => {
  const { q } = parseQuery(suggestQuerySchema, request, locale);
  // The same for every visitor with the language: a shared cache may keep it briefly, per language.
  return json(await cachedSuggest(getDb(), q, locale), {
    headers: {
      "Cache-Control": "public, max-age=0, s-maxage=30, stale-while-revalidate=60",
      Vary: "Cookie, Accept-Language",
    },
  });
});
