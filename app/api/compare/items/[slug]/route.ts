import { compareItemSchema } from "@/lib/compare/schemas";
import { removeFromCompare } from "@/lib/compare/session";
import { json, route } from "@/lib/http";
import { validate } from "@/lib/validation";

export const DELETE = route<{ slug: string }>(async (_request, { params, locale }) => {
  const { slug } = validate(compareItemSchema, { slug: params.slug }, locale);
  return json(
    { slugs: await removeFromCompare(slug) },
    { headers: { "cache-control": "private, no-store" } },
  );
});
