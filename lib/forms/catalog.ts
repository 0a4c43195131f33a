import { z } from "zod";
import {
  brandInputSchema,
  categoryInputSchema,
  imageAltSchema,
  productCreateSchema,
  productPatchSchema,
  variantCreateSchema,
  variantPatchSchema,
} from "@/lib/catalog/edit-schemas";
import { MAX_IMAGE_BYTES } from "@/lib/storage/check";
import { checkbox, moneyInput } from "./fields";

/**
 * The catalogue pages' forms (products, variants, images, categories, brands): the boxes as typed,
 * mapped onto lib/catalog/edit-schemas.ts, which the admin API validates with too.
 */

const recordId = z.number().int().min(1).max(2_147_483_647);
const text = z
  .string()
  .optional()
  .transform((value) => value ?? "");

/** A schema or service path as the form's box: `variants.0.price` → price, `name.tr` → nameTr. */
export function catalogField(path: string): string {
  const stripped = path
    .replace(/^(product|variant|category|brand|alt)\./, "")
    .replace(/^variants\.\d+\./, "");
  if (stripped.startsWith("attributes")) return "attributes";
  const [head = "", tail] = stripped.split(".");
  return tail ? `${head}${tail.charAt(0).toUpperCase()}${tail.slice(1)}` : head;
}

/** "color: black" lines → { color: "black" }; a line that is not `name: value` is refused. */
const attributeLines = z
  .string()
  .optional()
  .transform((raw, context) => {
    const attributes: Record<string, string> = {};
    for (const line of (raw ?? "").split(/\r?\n/)) {
      if (line.trim() === "") continue;
      const separator = line.indexOf(":");
      if (separator < 1) {
        context.issues.push({
          code: "custom",
          params: { i18n: "adminCatalog.validation.attributes" },
          input: raw,
        });
        return z.NEVER;
      }
      attributes[line.slice(0, separator).trim()] = line.slice(separator + 1).trim();
    }
    return attributes;
  });

const productBoxes = {
  nameTr: z.string(),
  nameEn: z.string(),
  descriptionTr: text,
  descriptionEn: text,
  slug: z.string(),
  categorySlug: z.string(),
  brand: z.string().optional(),
  taxClass: z.string().optional(),
  featured: checkbox,
};

type ProductBoxes = z.output<z.ZodObject<typeof productBoxes>>;

const productOf = ({ nameTr, nameEn, descriptionTr, descriptionEn, brand, ...rest }: ProductBoxes) => ({
  ...rest,
  name: { tr: nameTr, en: nameEn },
  description: { tr: descriptionTr, en: descriptionEn },
  brand: brand ?? null,
});

/** A new product with its first variant. */
export const productCreateForm = z
  .object({
    ...productBoxes,
    active: checkbox,
    sku: z.string(),
    price: moneyInput,
    weightGrams: z.number().int(),
    stock: z.number().int().optional(),
  })
  .transform(({ sku, price, weightGrams, stock, ...boxes }) => ({
    product: {
      ...productOf(boxes),
      active: boxes.active,
      variants: [{ sku, price, weightGrams, stock }],
    } as z.input<typeof productCreateSchema>,
  }))
  .pipe(z.object({ product: productCreateSchema }));

export const productEditForm = z
  .object({ id: recordId, ...productBoxes })
  .transform(({ id, ...boxes }) => ({ id, product: productOf(boxes) as z.input<typeof productPatchSchema> }))
  .pipe(z.object({ id: recordId, product: productPatchSchema }));

/** On sale ↔ hidden; hiding takes the confirmation box. */
export const activationForm = z.object({
  id: recordId,
  active: z.enum(["true", "false"]),
  confirm: checkbox,
});

const variantBoxes = z.object({
  productId: recordId,
  sku: z.string(),
  nameTr: z.string().optional(),
  nameEn: z.string().optional(),
  attributes: attributeLines,
  price: moneyInput,
  weightGrams: z.number().int(),
  lengthCm: z.number().int(),
  widthCm: z.number().int(),
  heightCm: z.number().int(),
  active: checkbox,
});

const variantOf = ({ productId, nameTr, nameEn, ...variant }: z.output<typeof variantBoxes>) => ({
  productId,
  variant: {
    ...variant,
    ...(nameTr || nameEn ? { name: { tr: nameTr ?? "", en: nameEn ?? "" } } : {}),
  },
});

export const variantEditForm = variantBoxes
  .transform(
    (boxes) => variantOf(boxes) as { productId: number; variant: z.input<typeof variantPatchSchema> },
  )
  .pipe(z.object({ productId: recordId, variant: variantPatchSchema }));

export const variantAddForm = variantBoxes
  .transform(
    (boxes) => variantOf(boxes) as { productId: number; variant: z.input<typeof variantCreateSchema> },
  )
  .pipe(z.object({ productId: recordId, variant: variantCreateSchema }));

const altBoxes = { altTr: text, altEn: text };

/** A new image: the file (too big is refused before its bytes are read) and its alt texts. */
export const imageUploadForm = z
  .object({
    productId: recordId,
    file: z
      .instanceof(File)
      .refine((file) => file.size <= MAX_IMAGE_BYTES, {
        params: { i18n: "forms.image.tooBig", mb: MAX_IMAGE_BYTES / 1024 / 1024 },
      })
      .optional(),
    ...altBoxes,
  })
  .transform(({ altTr, altEn, ...upload }) => ({ ...upload, alt: { tr: altTr, en: altEn } }))
  .pipe(z.object({ productId: recordId, file: z.instanceof(File).optional(), alt: imageAltSchema }));

export const imageAltForm = z
  .object({ imageId: recordId, ...altBoxes })
  .transform(({ imageId, altTr, altEn }) => ({ imageId, alt: { tr: altTr, en: altEn } }))
  .pipe(z.object({ imageId: recordId, alt: imageAltSchema }));

export const imageMoveForm = z.object({ imageId: recordId, direction: z.enum(["up", "down"]) });

export const imageRefForm = z.object({ imageId: recordId });

export const categoryForm = z
  .object({
    id: recordId.optional(),
    slug: z.string(),
    nameTr: z.string(),
    nameEn: z.string(),
    parentId: recordId.optional(),
    position: z.number().int().optional(),
  })
  .transform(({ id, nameTr, nameEn, parentId, ...category }) => ({
    ...(id ? { id } : {}),
    category: { ...category, name: { tr: nameTr, en: nameEn }, parentId: parentId ?? null },
  }))
  .pipe(z.object({ id: recordId.optional(), category: categoryInputSchema }));

export const brandForm = z
  .object({ id: recordId.optional(), slug: z.string(), name: z.string() })
  .transform(({ id, ...brand }) => ({ ...(id ? { id } : {}), brand }))
  .pipe(z.object({ id: recordId.optional(), brand: brandInputSchema }));

export const deleteForm = z.object({ id: recordId });
