import type { CouponType, TaxClass } from "@/db/schema";
import { allocate } from "@/lib/money";
import { allocateExact, assertCount, mulDiv, safeInteger } from "./rounding";

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

/** The amounts of a priced cart, as its order keeps them, in minor units (kuruş). */
export interface Amounts {
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
}

/** The amounts and whether the prices include the tax: what a cart, an order, an email and a payment show. */
export interface Totals extends Amounts {
  taxIncluded: boolean;
}

export interface PricingResult extends Totals {
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

const add = (a: number, b: number) => safeInteger(a + b, "Amount");

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
    assertCount(`unitPrice of line ${line.id}`, line.unitPrice);
    assertCount(`qty of line ${line.id}`, line.qty);
    rateOf(input.taxRates, line.taxClass);
  }
  for (const coupon of input.coupons) {
    assertCount(`value of coupon ${coupon.code}`, coupon.value);
    if (coupon.maxDiscount !== null) assertCount(`maxDiscount of coupon ${coupon.code}`, coupon.maxDiscount);
    if (coupon.type === "percent" && coupon.value > 100)
      throw new RangeError(`Percent coupon ${coupon.code} over 100: ${coupon.value}`);
    if (coupon.type !== "percent" && coupon.type !== "fixed" && coupon.type !== "free_shipping")
      throw new RangeError(`Unknown coupon type ${String(coupon.type)}`);
  }
  if (input.shipping !== null) assertCount("shipping", input.shipping);
  for (const fee of input.fees) assertCount(`fee ${fee.kind}`, fee.amount);
  rateOf(input.taxRates, "standard");
}

function rateOf(taxRates: Record<TaxClass, number>, taxClass: TaxClass): number {
  const rate = taxRates[taxClass];
  if (rate === undefined || !Number.isSafeInteger(rate) || rate < 0 || rate > 10000)
    throw new RangeError(`Tax rate of class ${taxClass} must be 0..10000 basis points, got ${rate}`);
  return rate;
}

/** The working state of one line while the cart is priced. */
interface LineState {
  line: PricingLine;
  rateBp: number;
  gross: number;
  discount: number;
  /** gross − discount so far: what later coupons and the tax work on. */
  net: number;
  tax: number;
}

/** One taxable amount of a rate group: a line, the shipping, or the fees. */
type Member =
  | { kind: "line"; state: LineState; amount: number }
  | { kind: "shipping" | "fees"; amount: number };

/** Pairs each item with its part of `total`, split in proportion to `weight(item)`. */
function splitOver<T>(total: number, items: readonly T[], weight: (item: T) => number): [T, number][] {
  const parts = split(total, items.map(weight));
  return items.map((item, k) => [item, parts[k] ?? 0]);
}

/**
 * Prices a cart. Lines are worked on in a canonical order (by id) so that the split of every rounding
 * remainder, and therefore every number of the result, does not depend on the order of the input lines.
 * Throws a RangeError on negative or non-integer amounts, duplicate line ids, unknown coupon types,
 * percentages over 100, tax rates outside 0..10000 or totals beyond the safe-integer range.
 */
export function priceCart(input: PricingInput): PricingResult {
  validate(input);
  const { taxRates, pricesIncludeTax } = input;
  const states: LineState[] = input.lines.map((line) => {
    const gross = line.unitPrice * line.qty;
    if (!Number.isSafeInteger(gross)) throw new RangeError(`Line ${line.id} total is too large`);
    return { line, rateBp: rateOf(taxRates, line.taxClass), gross, discount: 0, net: gross, tax: 0 };
  });
  const ordered = [...states].sort((a, b) => compareIds(a.line.id, b.line.id));
  const subtotal = sum(states.map((s) => s.gross));

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
    const eligible = ordered.filter((s) => isEligible(coupon, s.line));
    const base = sum(eligible.map((s) => s.net));
    let amount = coupon.type === "percent" ? mulDiv(base, coupon.value, 100) : coupon.value;
    if (coupon.type === "percent" && coupon.maxDiscount !== null)
      amount = Math.min(amount, coupon.maxDiscount);
    amount = Math.min(amount, base);
    for (const [state, part] of splitOver(amount, eligible, (s) => s.net)) {
      state.net -= part;
      state.discount += part;
    }
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
  for (const state of ordered) groupOf(state.rateBp).push({ kind: "line", state, amount: state.net });
  groupOf(rateOf(taxRates, "standard")).push(
    { kind: "shipping", amount: shipping },
    { kind: "fees", amount: fees },
  );

  let shippingTax = 0;
  let feesTax = 0;
  let tax = 0;
  const taxLines: PricingResult["taxLines"] = [];
  for (const [rateBp, members] of groups) {
    const base = sum(members.map((member) => member.amount));
    const groupTax = pricesIncludeTax
      ? base - mulDiv(base, 10000, 10000 + rateBp)
      : mulDiv(base, rateBp, 10000);
    for (const [member, part] of splitOver(groupTax, members, (m) => m.amount)) {
      if (member.kind === "line") member.state.tax = part;
      else if (member.kind === "shipping") shippingTax = part;
      else feesTax = part;
    }
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
    lines: states.map((s) => ({
      id: s.line.id,
      gross: s.gross,
      discount: s.discount,
      net: s.net,
      tax: s.tax,
      rateBp: s.rateBp,
    })),
    shippingTax,
    feesTax,
  };
}
