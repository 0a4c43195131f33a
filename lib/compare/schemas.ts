import { z } from "zod";
import { productSlugSchema } from "@/lib/catalog/schemas";

/** How many products the compare list holds. */
export const COMPARE_MAX = 4;

/** `slugs=a,b,c`: one to COMPARE_MAX distinct product slugs. */
export const compareQuerySchema = z.object({
  slugs: z
    .string()
    .transform((value) => value.split(","))
    .pipe(
      z
        .array(productSlugSchema)
        .min(1)
        .max(COMPARE_MAX)
        .refine((slugs) => new Set(slugs).size === slugs.length, {
          params: { i18n: "compare.validation.distinct" },
        }),
    ),
});

export const compareItemSchema = z.object({ slug: productSlugSchema });
