import { sql } from "drizzle-orm";
import { type Database, rows, type Transaction } from "@/db/client";
import type { CartNotice, FeeKind, TaxClass } from "@/db/schema";
import { type CouponRecord, couponProblem } from "@/lib/coupons/rules";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/locale";
import {
  applicableFees,
  type FeeRule,
  type Parcel,
  type PricingLine,
  type PricingResult,
  priceCart,
} from "@/lib/pricing";
import type { Destination } from "@/lib/shipping/schemas";
import { quoteShipping, type ShippingOption } from "@/lib/shipping/service";

type Executor = Database | Transaction;

export interface PricingConfig {
  taxRates: Record<TaxClass, number>;
  fees: FeeRule[];
}

const CONFIG_TTL_MS = 30_000;
let cachedConfig: { at: number; config: PricingConfig } | undefined;
/** Bumped by every invalidation, so a read that began before a staff edit never caches the old values. */
let configGeneration = 0;

/**
 * KDV rates and fee rules, read in one statement and kept for 30 s per server instance (staff edits
 * clear it on the instance that saved them at once; other instances catch up within the 30 s).
 */
export async function pricingConfig(db: Executor): Promise<PricingConfig> {
  if (cachedConfig && Date.now() - cachedConfig.at < CONFIG_TTL_MS) return cachedConfig.config;
  const generation = configGeneration;
  const [row] = await rows<{
    tax: Record<string, number>;
    fees: {
      kind: FeeKind;
      amount: number | string;
      minOrder: number | null;
      freeAbove: number | null;
      active: boolean;
    }[];
  }>(
    db,
    sql`select
      (select coalesce(json_object_agg(tax_class, rate_bp), '{}') from tax_rates) as tax,
      (select coalesce(json_agg(json_build_object('kind', kind, 'amount', amount, 'minOrder', min_order,
        'freeAbove', free_above, 'active', active)), '[]') from fee_rules) as fees`,
  );
  const tax = row?.tax ?? {};
  const config: PricingConfig = {
    taxRates: {
      standard: tax.standard ?? 0,
      reduced: tax.reduced ?? 0,
      super_reduced: tax.super_reduced ?? 0,
      zero: tax.zero ?? 0,
    },
    fees: (row?.fees ?? []).map((fee) => ({
      kind: fee.kind,
      amount: Number(fee.amount),
      minOrder: fee.minOrder === null ? null : Number(fee.minOrder),
      freeAbove: fee.freeAbove === null ? null : Number(fee.freeAbove),
      active: fee.active,
    })),
  };
  if (generation === configGeneration) cachedConfig = { at: Date.now(), config };
  return config;
}

export function invalidatePricingConfig(): void {
  configGeneration++;
  cachedConfig = undefined;
}

const NO_TAX: Record<TaxClass, number> = { standard: 0, reduced: 0, super_reduced: 0, zero: 0 };

/** A cart line as the pricing needs it. */
export interface PriceableLine extends PricingLine, Parcel {}

export interface PriceContext {
  lines: PriceableLine[];
  coupons: CouponRecord[];
  destination: Destination | null;
  shippingMethod: string | null;
  paymentMethod: string | null;
  giftWrap: boolean;
  locale: Locale;
}

export interface PricedCart {
  result: PricingResult;
  shippingOptions: ShippingOption[];
  shipping: ShippingOption | null;
  /** Why there is no shipping price: no destination yet, or the store does not ship there. */
  shippingProblem: "NO_DESTINATION" | "NO_SHIPPING_TO_ADDRESS" | "UNKNOWN_METHOD" | null;
  fees: { kind: FeeKind; amount: number }[];
}

/**
 * Every total in the store comes from here (cart, checkout, order): the pure engine fed with current
 * prices, the applied coupons, the shipping quote for the destination and the fee rules.
 */
export async function priceLines(db: Executor, context: PriceContext): Promise<PricedCart> {
  const config = await pricingConfig(db);
  const base = {
    lines: context.lines,
    coupons: context.coupons,
    pricesIncludeTax: env().PRICES_INCLUDE_TAX,
  };
  // Discounts first: free-shipping thresholds and fee bounds look at the order value after them.
  const withoutShipping = priceCart({ ...base, shipping: null, fees: [], taxRates: config.taxRates });
  const orderValue = withoutShipping.subtotal - withoutShipping.discount;

  let shippingOptions: ShippingOption[] = [];
  let shipping: ShippingOption | null = null;
  let shippingProblem: PricedCart["shippingProblem"] = context.destination ? null : "NO_DESTINATION";
  let taxRates = config.taxRates;
  if (context.destination) {
    const parcels: Parcel[] = context.lines;
    try {
      const quote = await quoteShipping(db, context.destination, parcels, orderValue, context.locale);
      shippingOptions = quote.options;
      if (!quote.zone.chargesTax) taxRates = NO_TAX;
      shipping = context.shippingMethod
        ? (quote.options.find((o) => o.id === context.shippingMethod) ?? null)
        : (quote.options[0] ?? null);
      if (!shipping) shippingProblem = "UNKNOWN_METHOD";
    } catch (error) {
      if (!isAppError(error) || error.code !== "NO_SHIPPING_TO_ADDRESS") throw error;
      shippingProblem = "NO_SHIPPING_TO_ADDRESS";
    }
  }
  const fees = applicableFees(config.fees, {
    paymentMethod: context.paymentMethod,
    giftWrap: context.giftWrap,
    orderValue,
  });
  const result = priceCart({ ...base, shipping: shipping?.price ?? null, fees, taxRates });
  return { result, shippingOptions, shipping, shippingProblem, fees };
}

/**
 * The cart's codes checked again against its current lines, in the order applied: those that stopped
 * applying are returned as notices (the caller removes them).
 */
export function recheckCoupons(
  coupons: (CouponRecord & { customerRedemptions: number | null })[],
  lines: PricingLine[],
  now: Date,
): { kept: CouponRecord[]; dropped: CartNotice[] } {
  const kept: CouponRecord[] = [];
  const dropped: CartNotice[] = [];
  for (const coupon of coupons) {
    const problem = couponProblem(coupon, {
      now,
      lines,
      customerRedemptions: coupon.customerRedemptions,
      others: kept,
    });
    if (problem) dropped.push({ code: coupon.code, reason: problem.code });
    else kept.push(coupon);
  }
  return { kept, dropped };
}

interface CouponRow {
  id: number;
  code: string;
  type: CouponRecord["type"];
  value: string;
  starts_at: string | null;
  expires_at: string | null;
  usage_limit: number | null;
  used_count: number;
  per_customer_limit: number | null;
  min_order: string | null;
  max_discount: string | null;
  applies_to_skus: string[];
  applies_to_categories: string[];
  stackable: boolean;
  active: boolean;
  customer_redemptions: number | null;
}

const num = (value: string | null) => (value === null ? null : Number(value));

export function toCouponRecord(row: CouponRow): CouponRecord & { customerRedemptions: number | null } {
  return {
    id: row.id,
    code: row.code,
    type: row.type,
    value: Number(row.value),
    startsAt: row.starts_at ? new Date(row.starts_at) : null,
    expiresAt: row.expires_at ? new Date(row.expires_at) : null,
    usageLimit: row.usage_limit,
    usedCount: row.used_count,
    perCustomerLimit: row.per_customer_limit,
    minOrder: num(row.min_order),
    maxDiscount: num(row.max_discount),
    appliesToSkus: row.applies_to_skus,
    appliesToCategories: row.applies_to_categories,
    stackable: row.stackable,
    active: row.active,
    customerRedemptions: row.customer_redemptions,
  };
}

/** Columns of a coupon plus this customer's past redemptions (by user id or email; null when unknown). */
export function couponColumns(customer: { userId: string | null; email: string | null }) {
  const known = customer.userId !== null || customer.email !== null;
  return sql`k.id, k.code, k.type, k.value, k.starts_at, k.expires_at, k.usage_limit, k.used_count,
    k.per_customer_limit, k.min_order, k.max_discount, k.applies_to_skus, k.applies_to_categories, k.stackable,
    k.active, ${
      known
        ? sql`(select count(*)::int from coupon_redemptions cr where cr.coupon_id = k.id
            and (cr.user_id = ${customer.userId} or cr.email = ${customer.email}))`
        : sql`null::int`
    } as customer_redemptions`;
}

/** The coupons applied to a cart, in the order applied. */
export async function cartCouponRecords(
  db: Executor,
  cartId: string,
  customer: { userId: string | null; email: string | null },
) {
  const found = await rows<CouponRow>(
    db,
    sql`select ${couponColumns(customer)}
    from cart_coupons cc join coupons k on k.id = cc.coupon_id
    where cc.cart_id = ${cartId} order by cc.applied_at, k.id`,
  );
  return found.map(toCouponRecord);
}

export async function findCoupon(
  db: Executor,
  code: string,
  customer: { userId: string | null; email: string | null },
) {
  const [row] = await rows<CouponRow>(
    db,
    sql`select ${couponColumns(customer)} from coupons k where k.code = ${code}`,
  );
  return row ? toCouponRecord(row) : undefined;
}
