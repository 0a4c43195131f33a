import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { carts } from "./cart";
import { TAX_CLASSES, type TaxClass } from "./catalog";
import { belongsTo, belongsToText, bigId, intId, names, nowTimestamp, timestamps } from "./columns";

export const COUPON_TYPES = ["percent", "fixed", "free_shipping"] as const;
export type CouponType = (typeof COUPON_TYPES)[number];

/**
 * Discount codes. `code` is stored upper-case (codes are case-insensitive). `value` is a whole percent
 * for `percent`, minor units for `fixed`, unused for `free_shipping`.
 */
export const coupons = pgTable(
  "coupons",
  {
    id: intId(),
    code: text().notNull().unique(),
    type: text().$type<CouponType>().notNull(),
    value: bigint({ mode: "number" }).notNull().default(0),
    startsAt: timestamp({ withTimezone: true }),
    expiresAt: timestamp({ withTimezone: true }),
    usageLimit: integer(),
    /** Orders placed with this code; claimed atomically at checkout (`used < usage_limit`). */
    usedCount: integer().notNull().default(0),
    perCustomerLimit: integer(),
    /** Minimum of the eligible subtotal, minor units. */
    minOrder: bigint({ mode: "number" }),
    /** Cap of a percentage discount, minor units. */
    maxDiscount: bigint({ mode: "number" }),
    appliesToSkus: text().array().notNull().default(sql`'{}'::text[]`),
    appliesToCategories: text().array().notNull().default(sql`'{}'::text[]`),
    stackable: boolean().notNull().default(false),
    active: boolean().notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    check("coupons_type_check", sql`${t.type} in ('percent', 'fixed', 'free_shipping')`),
    check(
      "coupons_value_check",
      sql`${t.value} >= 0 and (${t.type} <> 'percent' or ${t.value} between 1 and 100)`,
    ),
    check("coupons_usage_check", sql`${t.usageLimit} is null or ${t.usedCount} <= ${t.usageLimit}`),
  ],
);

/** One row per order that used a code: the per-customer limit counts these by user and by email. */
export const couponRedemptions = pgTable(
  "coupon_redemptions",
  {
    id: bigId(),
    couponId: belongsTo(() => coupons.id),
    orderId: text().notNull(),
    userId: text(),
    email: text().notNull(),
    discount: bigint({ mode: "number" }).notNull(),
    createdAt: nowTimestamp(),
  },
  (t) => [
    uniqueIndex().on(t.couponId, t.orderId),
    index().on(t.couponId, t.userId),
    index().on(t.couponId, t.email),
  ],
);

/** Codes applied to a cart, in the order they were applied. */
export const cartCoupons = pgTable(
  "cart_coupons",
  {
    cartId: belongsToText(() => carts.id),
    couponId: belongsTo(() => coupons.id),
    appliedAt: nowTimestamp(),
  },
  (t) => [primaryKey({ columns: [t.cartId, t.couponId] })],
);

/**
 * Where the store ships. A Turkish address matches the zone listing its province (the first two digits
 * of the postal code); other countries match a zone listing the country.
 */
export const shippingZones = pgTable("shipping_zones", {
  id: intId(),
  code: text().notNull().unique(),
  ...names(),
  countries: text().array().notNull(),
  /** Turkish province codes ("34", "06"); empty means the whole of each listed country. */
  postalPrefixes: text().array().notNull().default(sql`'{}'::text[]`),
  /** Whether KDV is charged on deliveries here (false for exports). */
  chargesTax: boolean().notNull().default(true),
  position: integer().notNull().default(0),
});

export const shippingMethods = pgTable(
  "shipping_methods",
  {
    id: intId(),
    zoneId: belongsTo(() => shippingZones.id),
    /** standard | express | same_day: what the checkout sends as `shippingMethod`. */
    code: text().notNull(),
    ...names(),
    /** The carrier's name as the shopper reads it ("Yurtiçi Kargo"). */
    carrier: text().notNull(),
    /** The integration that ships it (lib/shipping/carriers' CARRIER_NAMES) and its service there. */
    carrierCode: text().notNull().default("simulated"),
    service: text().notNull().default("standart"),
    etaMinDays: integer().notNull(),
    etaMaxDays: integer().notNull(),
    /** Orders at or above this (after discounts) ship free; null = never. */
    freeThreshold: bigint({ mode: "number" }),
    /** Added per started kilogram above the last bracket. */
    extraPerKg: bigint({ mode: "number" }).notNull().default(0),
    active: boolean().notNull().default(true),
  },
  (t) => [
    uniqueIndex().on(t.zoneId, t.code),
    check("shipping_eta_check", sql`${t.etaMinDays} <= ${t.etaMaxDays}`),
  ],
);

/** Price brackets by billable weight: a parcel up to `maxGrams` (inclusive) costs `price`. */
export const shippingRates = pgTable(
  "shipping_rates",
  {
    methodId: belongsTo(() => shippingMethods.id),
    maxGrams: integer().notNull(),
    price: bigint({ mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.methodId, t.maxGrams] }),
    check("shipping_rates_price_check", sql`${t.price} >= 0`),
  ],
);

/** KDV rate per tax class, in basis points (2000 = 20 %). */
export const taxRates = pgTable(
  "tax_rates",
  {
    taxClass: text().$type<TaxClass>().primaryKey(),
    rateBp: integer().notNull(),
  },
  (t) => [
    check(
      "tax_rates_class_check",
      sql`${t.taxClass} in (${sql.raw(TAX_CLASSES.map((c) => `'${c}'`).join(", "))})`,
    ),
    check("tax_rates_rate_check", sql`${t.rateBp} between 0 and 10000`),
  ],
);

export const FEE_KINDS = ["cash_on_delivery", "gift_wrap"] as const;
export type FeeKind = (typeof FEE_KINDS)[number];

/** Extra charges: the cash-on-delivery fee, gift packaging; each with optional order-value bounds. */
export const feeRules = pgTable(
  "fee_rules",
  {
    id: intId(),
    kind: text().$type<FeeKind>().notNull().unique(),
    ...names(),
    amount: bigint({ mode: "number" }).notNull(),
    /** Applies only when the order is at least this much (minor units). */
    minOrder: bigint({ mode: "number" }),
    /** Waived when the order is at least this much. */
    freeAbove: bigint({ mode: "number" }),
    active: boolean().notNull().default(true),
  },
  (t) => [check("fee_rules_amount_check", sql`${t.amount} >= 0`)],
);
