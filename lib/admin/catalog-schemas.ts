import { z } from "zod";
import type { Locale } from "@/lib/i18n/locale";
import { textOf } from "@/lib/i18n/translate";
import { slugSchema } from "./schemas";

/** Input of the staff pages' category, brand and image actions (lib/admin/categories.ts, brands.ts, images.ts). */

/** A field message of the catalogue pages (messages/<locale>/admin-catalog.json) in the request's language. */
export function catalogText(locale: Locale, key: string, values?: Record<string, string | number>): string {
  const t = textOf(locale, "adminCatalog");
  return t(`validation.${key}`, values);
}

const name = (max: number) => z.string().trim().min(1).max(max);

export const categoryInputSchema = z.object({
  slug: slugSchema,
  name: z.object({ tr: name(120), en: name(120) }),
  /** The category it is shown under; null for a top-level category. */
  parentId: z.number().int().min(1).max(2_147_483_647).nullable(),
  /** Order among its siblings, smallest first. */
  position: z.number().int().min(0).max(100_000).default(0),
});
export type CategoryInput = z.output<typeof categoryInputSchema>;

export const brandInputSchema = z.object({ slug: slugSchema, name: name(120) });
export type BrandInput = z.output<typeof brandInputSchema>;

/** Alt text of a product image in both languages; empty means "the product's name". */
export const imageAltSchema = z.object({
  tr: z.string().trim().max(200),
  en: z.string().trim().max(200),
});
export type ImageAlt = z.output<typeof imageAltSchema>;

export const idSchema = z.coerce.number().int().min(1).max(2_147_483_647);
