import { z } from "zod";
import { COUPON_TYPES } from "@/db/schema";
import { idSchema, MAX_MONEY, money, rule, skuSchema, slugSchema } from "@/lib/fields";
import { dropEmpty, pageQuery, searchText, sortQuery } from "@/lib/lists";
import { normalizeCode } from "./rules";

/** A code as typed: spaces and case do not matter; more than 64 characters is not a code at all. */
export const couponCodeSchema = z.object({
  code: z.string().trim().min(1).max(64).transform(normalizeCode),
});

/** Staff edits of discount codes (admin API and staff pages). */
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
export const couponIdSchema = idSchema;

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
