import { z } from "zod";
import { TAX_CLASSES } from "@/db/schema";
import { type FieldCode, fieldCode } from "@/lib/errors";
import {
  localized,
  MAX_STOCK,
  money,
  rule,
  skuSchema,
  slugSchema,
  somethingToChange,
  uniqueSkus,
} from "@/lib/fields";
import { dropEmpty, pageQuery, searchText, sortQuery } from "@/lib/lists";

/**
 * Input of catalogue edits (products, variants, categories, brands, images), from the admin API and the
 * staff pages alike.
 */

const dimension = z.number().int().min(1).max(1000);
const attributes = z
  .record(z.string().trim().min(1).max(40), z.string().trim().min(1).max(80))
  .refine((value) => Object.keys(value).length <= 10, rule("tooMany", { max: 10 }));

export const variantCreateSchema = z.object({
  sku: skuSchema,
  /** Defaults to "Standart" / "Standard". */
  name: localized(120).optional(),
  price: money,
  weightGrams: z.number().int().min(1).max(1_000_000),
  stock: z.number().int().min(0).max(MAX_STOCK).default(0),
  /** Parcel size for shipping (desi); 10 × 10 × 10 cm when not given. */
  lengthCm: dimension.default(10),
  widthCm: dimension.default(10),
  heightCm: dimension.default(10),
  attributes: attributes.optional(),
  active: z.boolean().default(true),
});
export type VariantCreateInput = z.output<typeof variantCreateSchema>;

const brandRef = z.string().trim().min(1).max(120);

export const productCreateSchema = z.object({
  name: localized(200),
  slug: slugSchema,
  description: localized(5000, 0).default({ tr: "", en: "" }),
  categorySlug: z.string().trim().min(1).max(120),
  /** A brand's slug or name; null or absent for none. */
  brand: brandRef.nullable().optional(),
  active: z.boolean().default(true),
  featured: z.boolean().default(false),
  taxClass: z.enum(TAX_CLASSES).default("standard"),
  variants: z.array(variantCreateSchema).min(1).max(100).superRefine(uniqueSkus),
});
export type ProductCreateInput = z.output<typeof productCreateSchema>;

export const variantPatchSchema = z.object({
  sku: skuSchema,
  name: localized(120).optional(),
  price: money.optional(),
  weightGrams: z.number().int().min(1).max(1_000_000).optional(),
  lengthCm: dimension.optional(),
  widthCm: dimension.optional(),
  heightCm: dimension.optional(),
  attributes: attributes.optional(),
  active: z.boolean().optional(),
});

export const productPatchSchema = z
  .object({
    name: localized(200).optional(),
    slug: slugSchema.optional(),
    description: localized(5000, 0).optional(),
    categorySlug: z.string().trim().min(1).max(120).optional(),
    brand: brandRef.nullable().optional(),
    active: z.boolean().optional(),
    featured: z.boolean().optional(),
    taxClass: z.enum(TAX_CLASSES).optional(),
    /** Changes to existing variants, found by SKU (stock is set with PUT /api/admin/inventory/{sku}). */
    variants: z.array(variantPatchSchema).min(1).max(100).superRefine(uniqueSkus).optional(),
  })
  .refine(...somethingToChange);
export type ProductPatchInput = z.output<typeof productPatchSchema>;

export const productIdSchema = z.coerce.number().int().min(1).max(2_147_483_647);

export const productListQuerySchema = z.preprocess(
  dropEmpty,
  z.object({
    q: searchText,
    active: z.enum(["true", "false"]).optional(),
    /** A category's slug: its products and those of the categories below it. */
    category: z.string().trim().toLowerCase().max(120).optional(),
    /** A brand's slug. */
    brand: z.string().trim().toLowerCase().max(120).optional(),
    sort: sortQuery(["name", "price", "createdAt", "updatedAt"], "-createdAt"),
    ...pageQuery,
  }),
);
export type ProductListQuery = z.output<typeof productListQuerySchema>;

/** A refused input's message of the catalogue pages (messages/<locale>/admin-catalog.json `validation`). */
export function catalogCode(key: string, values?: Record<string, string | number>): FieldCode {
  return fieldCode(`adminCatalog.validation.${key}`, values);
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

/** The admin API's PATCH of a category: what is named changes, the rest stays (its place too). */
export const categoryPatchSchema = categoryInputSchema
  .partial()
  .extend({ position: categoryInputSchema.shape.position.unwrap().optional() })
  .refine(...somethingToChange);

export const brandPatchSchema = brandInputSchema.partial().refine(...somethingToChange);

/** Alt text of a product image in both languages; empty means "the product's name". */
export const imageAltSchema = z.object({
  tr: z.string().trim().max(200),
  en: z.string().trim().max(200),
});
export type ImageAlt = z.output<typeof imageAltSchema>;

/** The admin API's change of one image (PATCH /api/admin/products/{id}/images/{imageId}). */
export const imagePatchSchema = z
  .object({
    alt: imageAltSchema.optional(),
    /** Its new place in the gallery, 0 = first (the listing picture); past the end = last. */
    position: z.number().int().min(0).max(1000).optional(),
  })
  .refine(...somethingToChange);
