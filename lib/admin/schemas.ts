import { z } from "zod";
import { COUPON_TYPES, ORDER_STATUSES, TAX_CLASSES } from "@/db/schema";
import { normalizeCode } from "@/lib/coupons/rules";
import { sortQuery } from "./common";

/**
 * Input of the admin API and the staff pages' server actions (both validate with these, then call the
 * same lib/admin services). Messages of the store's own rules are keys in messages/<locale>/admin.json.
 */

const rule = (key: string, extra: Record<string, unknown> = {}) => ({
  params: { i18n: `admin.validation.${key}`, ...extra },
});

/** Prices: integer minor units, 0 … 99,999,999 (Stripe's per-charge maximum). */
export const MAX_MONEY = 99_999_999;
export const money = z.number().int().min(0).max(MAX_MONEY);
export const MAX_STOCK = 1_000_000;

export const skuSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .transform((s) => s.toUpperCase())
  .refine((s) => /^[A-Z0-9][A-Z0-9._-]*$/.test(s), rule("sku"));

export const slugSchema = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .refine((s) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(s), rule("slug"));

/** A text in both languages: one string (used for both) or `{tr, en}`. */
function localized(max: number, min = 1) {
  return z.union([
    z
      .string()
      .trim()
      .min(min)
      .max(max)
      .transform((text) => ({ tr: text, en: text })),
    z.object({ tr: z.string().trim().min(min).max(max), en: z.string().trim().min(min).max(max) }),
  ]);
}

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

function uniqueSkus(variants: { sku: string }[], context: z.RefinementCtx) {
  const seen = new Set<string>();
  variants.forEach((variant, index) => {
    if (seen.has(variant.sku)) {
      context.addIssue({ code: "custom", path: [index, "sku"], ...rule("duplicateInRequest") });
    }
    seen.add(variant.sku);
  });
}

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
  .refine((value) => Object.values(value).some((v) => v !== undefined), rule("nothingToChange"));
export type ProductPatchInput = z.output<typeof productPatchSchema>;

export const productIdSchema = z.coerce.number().int().min(1).max(2_147_483_647);

const pageQuery = {
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
};
/** Query strings: an empty value (`status=` from a form's "all" option) means "not given". */
const dropEmpty = (input: unknown) =>
  input && typeof input === "object"
    ? Object.fromEntries(Object.entries(input).filter(([, value]) => value !== ""))
    : input;
const searchText = z
  .string()
  .transform((value) => value.trim().slice(0, 100))
  .optional();

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

export const inventoryListQuerySchema = z.preprocess(
  dropEmpty,
  z.object({
    q: searchText,
    low: z.enum(["true", "false"]).optional(),
    sort: sortQuery(["sku", "onHand", "reserved", "available"], "sku"),
    ...pageQuery,
  }),
);
export type InventoryListQuery = z.output<typeof inventoryListQuerySchema>;

export const setStockSchema = z.object({
  onHand: z.number().int().min(0).max(MAX_STOCK),
  /** Why (a stock count, a delivery, damage…): kept in the stock ledger with the staff member's name. */
  reason: z.string().trim().max(200).optional(),
});
export type SetStockInput = z.output<typeof setStockSchema>;

const isoTime = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

export const couponCreateSchema = z
  .object({
    code: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .transform(normalizeCode)
      .refine((code) => /^[\p{Lu}\p{N}_-]{3,32}$/u.test(code), rule("couponCode")),
    type: z.enum(COUPON_TYPES),
    /** Whole percent (1–100) for `percent`, minor units for `fixed`, 0 or absent for `free_shipping`. */
    value: z.number().int().min(0).max(MAX_MONEY).default(0),
    startsAt: isoTime.nullable().optional(),
    expiresAt: isoTime.nullable().optional(),
    usageLimit: z.number().int().min(1).max(100_000_000).nullable().optional(),
    perCustomerLimit: z.number().int().min(1).max(1000).nullable().optional(),
    minOrder: money.nullable().optional(),
    /** Cap of a percentage discount, minor units. */
    maxDiscount: money.min(1).nullable().optional(),
    appliesTo: z
      .object({
        skus: z.array(skuSchema).max(500).optional(),
        categories: z.array(slugSchema).max(100).optional(),
      })
      .optional(),
    stackable: z.boolean().default(false),
    active: z.boolean().default(true),
  })
  .superRefine((coupon, context) => {
    if (coupon.type === "percent" && (coupon.value < 1 || coupon.value > 100)) {
      context.addIssue({ code: "custom", path: ["value"], ...rule("percent") });
    }
    if (coupon.type === "fixed" && coupon.value < 1) {
      context.addIssue({ code: "custom", path: ["value"], ...rule("fixedValue") });
    }
    if (coupon.type === "free_shipping" && coupon.value !== 0) {
      context.addIssue({ code: "custom", path: ["value"], ...rule("freeShippingValue") });
    }
    if (coupon.type !== "percent" && coupon.maxDiscount != null) {
      context.addIssue({ code: "custom", path: ["maxDiscount"], ...rule("maxDiscountPercentOnly") });
    }
    if (coupon.startsAt && coupon.expiresAt && coupon.expiresAt <= coupon.startsAt) {
      context.addIssue({ code: "custom", path: ["expiresAt"], ...rule("expiresBeforeStart") });
    }
  });
export type CouponCreateInput = z.output<typeof couponCreateSchema>;

export const couponPatchSchema = z.object({ active: z.boolean() });
export const couponIdSchema = productIdSchema;

export const couponListQuerySchema = z.preprocess(
  dropEmpty,
  z.object({
    q: searchText,
    active: z.enum(["true", "false"]).optional(),
    sort: sortQuery(["code", "used", "createdAt"], "-createdAt"),
    ...pageQuery,
  }),
);
export type CouponListQuery = z.output<typeof couponListQuerySchema>;

export const orderListQuerySchema = z.preprocess(
  dropEmpty,
  z.object({
    status: z.enum(ORDER_STATUSES).optional(),
    q: searchText,
    sort: sortQuery(["orderNo", "placedAt", "status", "total"], "-placedAt"),
    ...pageQuery,
  }),
);
export type OrderListQuery = z.output<typeof orderListQuerySchema>;

export const orderNoSchema = z.string().trim().min(1).max(40);

/** Moves staff may make with POST …/transitions; money moves go through …/refunds. */
export const STAFF_TARGETS = ["processing", "shipped", "delivered", "cancelled"] as const;
export type StaffTarget = (typeof STAFF_TARGETS)[number];

export const transitionSchema = z
  .object({
    to: z.enum(ORDER_STATUSES),
    note: z.string().trim().max(500).optional(),
    carrier: z.string().trim().min(1).max(60).optional(),
    trackingNo: z
      .string()
      .trim()
      .min(3)
      .max(60)
      .refine((value) => /^[A-Za-z0-9][A-Za-z0-9 ._/-]*$/.test(value), rule("trackingNo"))
      .optional(),
  })
  .superRefine((input, context) => {
    if (input.to !== "shipped") return;
    if (!input.carrier) context.addIssue({ code: "custom", path: ["carrier"], ...rule("requiredToShip") });
    if (!input.trackingNo) {
      context.addIssue({ code: "custom", path: ["trackingNo"], ...rule("requiredToShip") });
    }
  });
export type TransitionInput = z.output<typeof transitionSchema>;

export const refundSchema = z
  .object({
    /** Minor units; may be left out when `items` are given (then their share of what was paid). */
    amount: money.min(1).optional(),
    items: z
      .array(
        z.object({
          sku: skuSchema,
          qty: z.number().int().min(1).max(100_000),
          restock: z.boolean().default(false),
        }),
      )
      .min(1)
      .max(100)
      .superRefine(uniqueSkus)
      .optional(),
    reason: z.string().trim().min(1).max(500),
  })
  .refine((input) => input.amount !== undefined || input.items !== undefined, {
    path: ["amount"],
    ...rule("amountOrItems"),
  });
export type RefundInput = z.output<typeof refundSchema>;

export const tokenCreateSchema = z.object({
  name: z.string().trim().min(1).max(100),
  /** Days until the token stops working; absent or null: it works until revoked. */
  expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
});
export type TokenCreateInput = z.output<typeof tokenCreateSchema>;
