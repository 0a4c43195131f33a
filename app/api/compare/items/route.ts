import { compareItemSchema } from "@/lib/compare/schemas";
import { addToCompare, readCompareList } from "@/lib/compare/session";
import { json, parseJson, route } from "@/lib/http";

// The visitor's list (the signed `compare` cookie): never stored by a shared cache.
const PRIVATE = { headers: { "cache-control": "private, no-store" } };

export const GET = route(async () => json({ slugs: await readCompareList() }, PRIVATE));

export const POST = route(async (request, { locale }) => {
  const { slug } = await parseJson(compareItemSchema, request, locale);
  return json({ slugs: await addToCompare(slug) }, PRIVATE);
});
