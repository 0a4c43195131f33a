import { z } from "zod";

/** "relevance" (lib/search ranking) is the default when there is a search, "newest" otherwise. */
export const SORTS = ["relevance", "newest", "price_asc", "price_desc"] as const;
export type Sort = (typeof SORTS)[number];

const slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9-]{1,80}$/);
/** Money in the query string is in minor units, like everywhere in the API. */
const minor = z.coerce.number().int().min(0).max(1_000_000_000);

/** The listing filters shared by `/products` and `GET /api/products`. */
export const listQuerySchema = z
  // An empty field ("maxPrice=" from a form's "any" option) means "not given", not zero.
  .preprocess(
    (input) =>
      input && typeof input === "object"
        ? Object.fromEntries(Object.entries(input).filter(([, value]) => value !== ""))
        : input,
    z.object({
      // Long input is cut rather than refused: a pasted paragraph still searches its beginning.
      q: z
        .string()
        .transform((value) => value.trim().slice(0, 100))
        .optional(),
      category: slug.optional(),
      brand: slug.optional(),
      minPrice: minor.optional(),
      maxPrice: minor.optional(),
      sort: z.enum(SORTS).optional(),
      page: z.coerce.number().int().min(1).max(10_000).default(1),
      limit: z.coerce.number().int().min(1).max(100).default(12),
    }),
  )
  .refine((v) => v.minPrice === undefined || v.maxPrice === undefined || v.minPrice <= v.maxPrice, {
    path: ["maxPrice"],
    message: "maxPrice must be at least minPrice",
  })
  .transform((v) => ({ ...v, sort: v.sort ?? (v.q ? "relevance" : "newest") }) as typeof v & { sort: Sort });

export type ListQuery = z.output<typeof listQuerySchema>;

/**
 * For pages: a person's URL is never refused. Fields that do not validate are dropped and take
 * their defaults (page=-1 → 1, minPrice=abc → no minimum).
 */
export function lenientListQuery(input: Record<string, string | undefined>): ListQuery {
  const query = { ...input };
  for (let attempt = 0; attempt < 10; attempt++) {
    const result = listQuerySchema.safeParse(query);
    if (result.success) return result.data;
    for (const issue of result.error.issues) delete query[String(issue.path[0])];
  }
  return listQuerySchema.parse({});
}

export const productSlugSchema = slug;
