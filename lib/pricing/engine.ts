import type { CouponType, TaxClass } from "@/db/schema";
import { allocate } from "@/lib/money";
import { allocateExact, mulDiv } from "./rounding";

/**
 * The pricing engine: pure, integer-only (minor units), no I/O. The server recomputes every total with
 * it from database rows (ARCHITECTURE guarantee 3) and every discount and tax is allocated to lines so
 * that the lines add up to the totals exactly (guarantee 6).
 */

export interface PricingLine {
  id: string;
  sku: string;
  /** Slugs of the product's category and its ancestors. */
  categories: string[];
  taxClass: TaxClass;
  unitPrice: number;
  qty: number;
}

export interface PricingCoupon {
  code: string;
  type: CouponType;
  /** Whole percent for `percent`, minor units for `fixed`, unused for `free_shipping`. */
  value: number;
  maxDiscount: number | null;
  appliesToSkus: string[];
  appliesToCategories: string[];
}

export interface PricingInput {
  lines: PricingLine[];
  /** Already validated by the coupon service, in the order applied. */
  coupons: PricingCoupon[];
  /** Chosen shipping price (gross, tax-inclusive if pricesIncludeTax); null = not chosen yet. */
  shipping: number | null;
  /** Fees that apply (decided by applicableFees). */
  fees: { kind: string; amount: number }[];
  /** Basis points for the delivery zone: 2000 = 20 %; all 0 for exports. */
  taxRates: Record<TaxClass, number>;
  /** Turkey: true (prices contain KDV); false: tax is added on top. */
  pricesIncludeTax: boolean;
}

export interface PricedLine {
  id: string;
  gross: number;
  discount: number;
  net: number;
  tax: number;
  rateBp: number;
}

export interface PricingResult {
  /** Σ unitPrice × qty. */
  subtotal: number;
  /** Σ coupon discounts on lines (not shipping). */
  discount: number;
  /** After free-shipping coupons (0 when a free_shipping coupon applies or shipping is null). */
  shipping: number;
  /** Σ fees. */
  fees: number;
  /** Σ taxLines.amount. */
  tax: number;
  /** subtotal − discount + shipping + fees (+ tax when !pricesIncludeTax); never negative. */
  total: number;
  taxIncluded: boolean;
  /** One per rate with a non-zero base, highest rate first; base is tax-inclusive when prices include tax. */
  taxLines: { rateBp: number; base: number; amount: number }[];
  /** Per coupon, in the order applied; a free_shipping coupon's discount is the shipping it waived. */
  coupons: { code: string; discount: number }[];
  /** Same order as the input lines. */
  lines: PricedLine[];
  /** Tax part of shipping. */
  shippingTax: number;
  /** Tax part of fees. */
  feesTax: number;
}

function assertAmount(what: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${what} must be a non-negative integer, got ${value}`);
  return value;
}

function add(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new RangeError("Amount is too large");
  return sum;
}

function sum(values: readonly number[]): number {
  return values.reduce(add, 0);
}

/**
 * Splits `total` over integer `weights` with `allocate` from lib/money.ts. When |total| × Σweights is
 * beyond 2^53 the doubles inside `allocate` are no longer exact, so the same split is done with BigInt.
 */
function split(total: number, weights: readonly number[]): number[] {
  const weightSum = sum(weights);
  if (Math.abs(total) * weightSum <= Number.MAX_SAFE_INTEGER) return allocate(total, weights);
  return allocateExact(total, weights);
}

/** Code-unit order, independent of locale, so the canonical line order is the same everywhere. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isEligible(coupon: PricingCoupon, line: PricingLine): boolean {
  if (coupon.appliesToSkus.length === 0 && coupon.appliesToCategories.length === 0) return true;
  if (coupon.appliesToSkus.includes(line.sku)) return true;
  return line.categories.some((slug) => coupon.appliesToCategories.includes(slug));
}

/**
 * The lines a coupon discounts, in input order: every line for a coupon with no `appliesTo`, otherwise
 * the lines whose SKU is listed or whose categories (the product's and its ancestors') intersect the
 * listed ones.
 */
export function eligibleLines(coupon: PricingCoupon, lines: PricingLine[]): PricingLine[] {
  return lines.filter((line) => isEligible(coupon, line));
}

function validate(input: PricingInput): void {
  const ids = new Set<string>();
  for (const line of input.lines) {
    if (ids.has(line.id)) throw new RangeError(`Duplicate line id ${line.id}`);
    ids.add(line.id);
    assertAmount(`unitPrice of line ${line.id}`, line.unitPrice);
    assertAmount(`qty of line ${line.id}`, line.qty);
    rateOf(input.taxRates, line.taxClass);
  }
  for (const coupon of input.coupons) {
    assertAmount(`value of coupon ${coupon.code}`, coupon.value);
    if (coupon.maxDiscount !== null) assertAmount(`maxDiscount of coupon ${coupon.code}`, coupon.maxDiscount);
    if (coupon.type === "percent" && coupon.value > 100)
      throw new RangeError(`Percent coupon ${coupon.code} over 100: ${coupon.value}`);
    if (coupon.type !== "percent" && coupon.type !== "fixed" && coupon.type !== "free_shipping")
      throw new RangeError(`Unknown coupon type ${String(coupon.type)}`);
  }
  if (input.shipping !== null) assertAmount("shipping", input.shipping);
  for (const fee of input.fees) assertAmount(`fee ${fee.kind}`, fee.amount);
  rateOf(input.taxRates, "standard");
}

function rateOf(taxRates: Record<TaxClass, number>, taxClass: TaxClass): number {
  const rate = taxRates[taxClass];
  if (rate === undefined || !Number.isSafeInteger(rate) || rate < 0 || rate > 10000)
    throw new RangeError(`Tax rate of class ${taxClass} must be 0..10000 basis points, got ${rate}`);
  return rate;
}

/** One taxable amount of a rate group: a line (by input index), the shipping, or the fees. */
type Member = { kind: "line"; index: number; amount: number } | { kind: "shipping" | "fees"; amount: number };

/**
 * Prices a cart. Lines are worked on in a canonical order (by id) so that the split of every rounding
 * remainder, and therefore every number of the result, does not depend on the order of the input lines.
 * Throws a RangeError on negative or non-integer amounts, duplicate line ids, unknown coupon types,
 * percentages over 100, tax rates outside 0..10000 or totals beyond the safe-integer range.
 */
export function priceCart(input: PricingInput): PricingResult {
  validate(input);
  const { lines, taxRates, pricesIncludeTax } = input;
  const order = lines.map((_, index) => index).sort((a, b) => compareIds(lines[a]!.id, lines[b]!.id));

  const gross = lines.map((line) => {
    const amount = line.unitPrice * line.qty;
    if (!Number.isSafeInteger(amount)) throw new RangeError(`Line ${line.id} total is too large`);
    return amount;
  });
  const subtotal = sum(gross);
  const remaining = [...gross];
  const lineDiscount = lines.map(() => 0);

  let shipping = input.shipping ?? 0;
  let discount = 0;
  const couponResults: { code: string; discount: number }[] = [];

  for (const coupon of input.coupons) {
    if (coupon.type === "free_shipping") {
      // The coupon service decided it applies; it waives whatever shipping is left.
      couponResults.push({ code: coupon.code, discount: shipping });
      shipping = 0;
      continue;
    }
    const eligible = order.filter((index) => isEligible(coupon, lines[index]!));
    const weights = eligible.map((index) => remaining[index]!);
    const base = sum(weights);
    let amount = coupon.type === "percent" ? mulDiv(base, coupon.value, 100) : coupon.value;
    if (coupon.type === "percent" && coupon.maxDiscount !== null)
      amount = Math.min(amount, coupon.maxDiscount);
    amount = Math.min(amount, base);
    const parts = split(amount, weights);
    eligible.forEach((index, k) => {
      const part = parts[k]!;
      remaining[index] = remaining[index]! - part;
      lineDiscount[index] = lineDiscount[index]! + part;
    });
    discount = add(discount, amount);
    couponResults.push({ code: coupon.code, discount: amount });
  }

  const fees = sum(input.fees.map((fee) => fee.amount));

  // Group the taxable amounts by rate; shipping and fees join the standard rate.
  const groups = new Map<number, Member[]>();
  const groupOf = (rate: number): Member[] => {
    let members = groups.get(rate);
    if (!members) {
      members = [];
      groups.set(rate, members);
    }
    return members;
  };
  for (const index of order) {
    const rate = rateOf(taxRates, lines[index]!.taxClass);
    groupOf(rate).push({ kind: "line", index, amount: remaining[index]! });
  }
  const standard = groupOf(rateOf(taxRates, "standard"));
  standard.push({ kind: "shipping", amount: shipping }, { kind: "fees", amount: fees });

  const lineTax = lines.map(() => 0);
  let shippingTax = 0;
  let feesTax = 0;
  let tax = 0;
  const taxLines: PricingResult["taxLines"] = [];
  for (const [rateBp, members] of groups) {
    const amounts = members.map((member) => member.amount);
    const base = sum(amounts);
    const groupTax = pricesIncludeTax
      ? base - mulDiv(base, 10000, 10000 + rateBp)
      : mulDiv(base, rateBp, 10000);
    const parts = split(groupTax, amounts);
    members.forEach((member, k) => {
      const part = parts[k]!;
      if (member.kind === "line") lineTax[member.index] = part;
      else if (member.kind === "shipping") shippingTax = part;
      else feesTax = part;
    });
    tax = add(tax, groupTax);
    if (base !== 0) taxLines.push({ rateBp, base, amount: groupTax });
  }
  taxLines.sort((a, b) => b.rateBp - a.rateBp);

  let total = add(add(subtotal - discount, shipping), fees);
  if (!pricesIncludeTax) total = add(total, tax);

  return {
    subtotal,
    discount,
    shipping,
    fees,
    tax,
    total,
    taxIncluded: pricesIncludeTax,
    taxLines,
    coupons: couponResults,
    lines: lines.map((line, index) => ({
      id: line.id,
      gross: gross[index]!,
      discount: lineDiscount[index]!,
      net: remaining[index]!,
      tax: lineTax[index]!,
      rateBp: rateOf(taxRates, line.taxClass),
    })),
    shippingTax,
    feesTax,
  };
}
