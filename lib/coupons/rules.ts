import type { CouponType } from "@/db/schema";
import type { ErrorCode } from "@/lib/errors";
import { eligibleLines, type PricingCoupon, type PricingLine } from "@/lib/pricing";

/** A coupon as stored, with what the checks need. */
export interface CouponRecord extends PricingCoupon {
  id: number;
  type: CouponType;
  startsAt: Date | null;
  expiresAt: Date | null;
  usageLimit: number | null;
  usedCount: number;
  perCustomerLimit: number | null;
  minOrder: number | null;
  stackable: boolean;
  active: boolean;
}

export const MAX_STACKED = 3;

export interface CouponProblem {
  code: ErrorCode;
  details: Record<string, unknown>;
}

/** Codes are case-insensitive and typed by people: spaces are dropped, letters upper-cased. */
export function normalizeCode(input: string): string {
  return input.replace(/\s+/g, "").toLocaleUpperCase("en");
}

/**
 * Why a coupon cannot apply to these lines right now, checked in the contract's order: INVALID
 * (unknown, switched off or not started), EXPIRED, USAGE_LIMIT, MIN_ORDER (on the eligible subtotal),
 * NOT_APPLICABLE (no eligible line, or it cannot be combined with the cart's other codes),
 * PER_CUSTOMER_LIMIT. Null when it applies.
 */
export function couponProblem(
  coupon: CouponRecord | undefined,
  context: {
    now: Date;
    lines: PricingLine[];
    /** Orders this customer already placed with the code (by user id or email); null when unknown. */
    customerRedemptions: number | null;
    /** The other codes on the cart. */
    others: Pick<CouponRecord, "code" | "stackable">[];
  },
): CouponProblem | null {
  if (!coupon?.active) return { code: "COUPON_INVALID", details: {} };
  if (coupon.startsAt && coupon.startsAt > context.now) {
    return { code: "COUPON_INVALID", details: { startsAt: coupon.startsAt.toISOString() } };
  }
  if (coupon.expiresAt && coupon.expiresAt <= context.now) {
    return { code: "COUPON_EXPIRED", details: { expiresAt: coupon.expiresAt.toISOString() } };
  }
  if (coupon.usageLimit !== null && coupon.usedCount >= coupon.usageLimit) {
    return { code: "COUPON_USAGE_LIMIT", details: {} };
  }
  const eligible = eligibleLines(coupon, context.lines);
  const eligibleSubtotal = eligible.reduce((sum, line) => sum + line.unitPrice * line.qty, 0);
  if (coupon.minOrder !== null && eligibleSubtotal < coupon.minOrder) {
    return { code: "COUPON_MIN_ORDER", details: { minOrder: coupon.minOrder, eligibleSubtotal } };
  }
  if (eligible.length === 0)
    return { code: "COUPON_NOT_APPLICABLE", details: { reason: "no_eligible_items" } };
  const others = context.others.filter((other) => other.code !== coupon.code);
  const combinable = coupon.stackable
    ? others.every((other) => other.stackable) && others.length < MAX_STACKED
    : others.length === 0;
  if (!combinable) return { code: "COUPON_NOT_APPLICABLE", details: { reason: "not_combinable" } };
  if (
    coupon.perCustomerLimit !== null &&
    context.customerRedemptions !== null &&
    context.customerRedemptions >= coupon.perCustomerLimit
  ) {
    return { code: "COUPON_PER_CUSTOMER_LIMIT", details: { limit: coupon.perCustomerLimit } };
  }
  return null;
}
