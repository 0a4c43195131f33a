import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TaxClass } from "@/db/schema";
import { allocate } from "@/lib/money";
import {
  allocateExact,
  eligibleLines,
  mulDiv,
  type PricingCoupon,
  type PricingInput,
  type PricingLine,
  type PricingResult,
  priceCart,
} from "@/lib/pricing";

const RUNS = { numRuns: 500 };
const CLASSES: TaxClass[] = ["standard", "reduced", "super_reduced", "zero"];
const SKUS = ["A", "B", "C", "D", "E"];
const CATEGORIES = ["elektronik", "telefon", "giyim", "ev", "kitap"];

/** Everyday carts, and now and then amounts large enough to leave the range where doubles are exact. */
const unitPrice = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 200_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 20 }) },
  // Equal prices make ties in every split, where a careless engine would let the line order decide.
  { weight: 3, arbitrary: fc.constantFrom(100, 333, 999, 1000, 4999) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 100_000_000_000 }) },
);

const lineArb = (id: string): fc.Arbitrary<PricingLine> =>
  fc.record({
    id: fc.constant(id),
    sku: fc.constantFrom(...SKUS),
    categories: fc.subarray(CATEGORIES),
    taxClass: fc.constantFrom(...CLASSES),
    unitPrice,
    qty: fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(1, 2) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 50 }) },
    ),
  });

const linesArb: fc.Arbitrary<PricingLine[]> = fc
  .uniqueArray(fc.integer({ min: 0, max: 999 }), { maxLength: 6 })
  .chain((ids) => fc.tuple(...ids.map((n) => lineArb(`line-${n}`))));

const couponArb: fc.Arbitrary<PricingCoupon> = fc
  .record({
    code: fc.stringMatching(/^[A-Z0-9]{3,8}$/),
    type: fc.constantFrom("percent", "fixed", "free_shipping" as const),
    percent: fc.integer({ min: 1, max: 100 }),
    fixed: fc.oneof(
      fc.constantFrom(1, 3, 99, 501),
      fc.integer({ min: 0, max: 100_000 }),
      fc.integer({ min: 0, max: 10_000_000_000 }),
    ),
    maxDiscount: fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: null }),
    appliesToSkus: fc.oneof(fc.constant<string[]>([]), fc.subarray(SKUS, { minLength: 1 })),
    appliesToCategories: fc.oneof(fc.constant<string[]>([]), fc.subarray(CATEGORIES, { minLength: 1 })),
  })
  .map(({ percent, fixed, ...c }) => ({
    ...c,
    value: c.type === "percent" ? percent : c.type === "fixed" ? fixed : 0,
  }));

const taxRatesArb: fc.Arbitrary<Record<TaxClass, number>> = fc.oneof(
  fc.constant({ standard: 2000, reduced: 1000, super_reduced: 100, zero: 0 }),
  fc.constant({ standard: 0, reduced: 0, super_reduced: 0, zero: 0 }),
  fc.record({
    standard: fc.integer({ min: 0, max: 10000 }),
    reduced: fc.integer({ min: 0, max: 10000 }),
    super_reduced: fc.integer({ min: 0, max: 10000 }),
    zero: fc.integer({ min: 0, max: 10000 }),
  }),
);

const inputArb: fc.Arbitrary<PricingInput> = fc.record({
  lines: linesArb,
  coupons: fc.array(couponArb, { maxLength: 3 }),
  shipping: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
  fees: fc.array(
    fc.record({
      kind: fc.constantFrom("cash_on_delivery", "gift_wrap"),
      amount: fc.integer({ min: 0, max: 10_000 }),
    }),
    { maxLength: 2 },
  ),
  taxRates: taxRatesArb,
  pricesIncludeTax: fc.boolean(),
});

const abs = (n: bigint) => (n < 0n ? -n : n);
const total = (values: number[]) => values.reduce((a, b) => a + b, 0);

function numbersIn(value: unknown): number[] {
  if (typeof value === "number") return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(numbersIn);
  return [];
}

/** Everything but the line order: totals, tax lines, coupons, and each line's numbers by id. */
function orderFree(result: PricingResult) {
  const { lines, ...rest } = result;
  return { ...rest, lines: Object.fromEntries(lines.map((l) => [l.id, l])) };
}

describe("pricing properties", () => {
  it("per-line discounts sum exactly to discount, and coupon discounts too", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = priceCart(input);
        expect(total(r.lines.map((l) => l.discount))).toBe(r.discount);
        const lineCoupons = r.coupons.filter((_, i) => input.coupons[i]?.type !== "free_shipping");
        expect(total(lineCoupons.map((c) => c.discount))).toBe(r.discount);
        for (const l of r.lines) {
          expect(l.discount).toBeGreaterThanOrEqual(0);
          expect(l.net).toBe(l.gross - l.discount);
          expect(l.net).toBeGreaterThanOrEqual(0);
        }
      }),
      RUNS,
    );
  });

  it("each coupon discounts only its eligible lines, at most their subtotal; discount <= subtotal", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const full = priceCart(input);
        expect(full.discount).toBeLessThanOrEqual(full.subtotal);
        // Coupons apply in order, so pricing with the first k + 1 coupons minus pricing with the first k
        // is exactly what coupon k did to each line.
        let before = priceCart({ ...input, coupons: [] });
        input.coupons.forEach((coupon, k) => {
          const after = priceCart({ ...input, coupons: input.coupons.slice(0, k + 1) });
          const eligible = new Set(eligibleLines(coupon, input.lines).map((l) => l.id));
          const eligibleSubtotal = total(
            input.lines.filter((l) => eligible.has(l.id)).map((l) => l.unitPrice * l.qty),
          );
          const deltas = after.lines.map((l, i) => l.discount - (before.lines[i]?.discount ?? 0));
          deltas.forEach((delta, i) => {
            expect(delta).toBeGreaterThanOrEqual(0);
            if (coupon.type === "free_shipping" || !eligible.has(input.lines[i]?.id ?? ""))
              expect(delta).toBe(0);
          });
          const couponDiscount = after.coupons[k]?.discount ?? Number.NaN;
          if (coupon.type !== "free_shipping") {
            expect(total(deltas)).toBe(couponDiscount);
            expect(couponDiscount).toBeLessThanOrEqual(eligibleSubtotal);
            if (coupon.type === "percent" && coupon.maxDiscount !== null)
              expect(couponDiscount).toBeLessThanOrEqual(coupon.maxDiscount);
            if (coupon.type === "fixed") expect(couponDiscount).toBeLessThanOrEqual(coupon.value);
          } else {
            expect(couponDiscount).toBe(before.shipping);
            expect(after.shipping).toBe(0);
          }
          before = after;
        });
        expect(before).toEqual(full);
      }),
      RUNS,
    );
  });

  it("total is never negative and adds up", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = priceCart(input);
        expect(r.total).toBeGreaterThanOrEqual(0);
        expect(r.total).toBe(
          r.subtotal - r.discount + r.shipping + r.fees + (input.pricesIncludeTax ? 0 : r.tax),
        );
        expect(r.subtotal).toBe(total(input.lines.map((l) => l.unitPrice * l.qty)));
        expect(r.fees).toBe(total(input.fees.map((f) => f.amount)));
      }),
      RUNS,
    );
  });

  it("taxes add up: Σ line.tax + shippingTax + feesTax = tax = Σ taxLines.amount", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = priceCart(input);
        expect(total(r.lines.map((l) => l.tax)) + r.shippingTax + r.feesTax).toBe(r.tax);
        expect(total(r.taxLines.map((t) => t.amount))).toBe(r.tax);
        expect(total(r.taxLines.map((t) => t.base))).toBe(r.subtotal - r.discount + r.shipping + r.fees);
        const rates = r.taxLines.map((t) => t.rateBp);
        expect(new Set(rates).size).toBe(rates.length);
        expect([...rates].sort((a, b) => b - a)).toEqual(rates);
        for (const t of r.taxLines) {
          expect(t.base).not.toBe(0);
          if (input.pricesIncludeTax) expect(t.amount).toBeLessThanOrEqual(t.base);
        }
        for (const l of r.lines) {
          expect(l.tax).toBeGreaterThanOrEqual(0);
          if (input.pricesIncludeTax) expect(l.tax).toBeLessThanOrEqual(l.net);
        }
      }),
      RUNS,
    );
  });

  it("applying a coupon then removing it gives the original totals; the coupon never raises the total", () => {
    fc.assert(
      fc.property(inputArb, couponArb, fc.nat(), (input, coupon, at) => {
        const original = priceCart(input);
        const position = at % (input.coupons.length + 1);
        const withCoupon = [...input.coupons];
        withCoupon.splice(position, 0, coupon);
        const applied = priceCart({ ...input, coupons: withCoupon });
        const removed = priceCart({ ...input, coupons: withCoupon.filter((_, i) => i !== position) });
        expect(removed).toEqual(original);
        expect(applied.total).toBeLessThanOrEqual(original.total);
        expect(applied.discount).toBeGreaterThanOrEqual(original.discount);
      }),
      RUNS,
    );
  });

  it("does not depend on the order of the lines", () => {
    fc.assert(
      fc.property(
        inputArb.chain((input) =>
          fc.tuple(
            fc.constant(input),
            fc.shuffledSubarray(input.lines, {
              minLength: input.lines.length,
              maxLength: input.lines.length,
            }),
          ),
        ),
        ([input, shuffled]) => {
          const a = priceCart(input);
          const b = priceCart({ ...input, lines: shuffled });
          expect(b.lines.map((l) => l.id)).toEqual(shuffled.map((l) => l.id));
          expect(orderFree(b)).toEqual(orderFree(a));
        },
      ),
      RUNS,
    );
  });

  it("every number of the result is a safe integer", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        for (const n of numbersIn(priceCart(input))) expect(Number.isSafeInteger(n)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe("rounding properties", () => {
  const amount = fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 0, max: 1e13 }));

  it("mulDiv is a × b / c rounded half away from zero, exactly", () => {
    fc.assert(
      fc.property(
        amount,
        fc.integer({ min: 0, max: 10000 }),
        fc.integer({ min: 1, max: 20000 }),
        (a, b, c) => {
          fc.pre((Math.abs(a) * b) / c < Number.MAX_SAFE_INTEGER / 2); // results beyond that throw (tested apart)
          const r = BigInt(mulDiv(a, b, c));
          const exact = BigInt(a) * BigInt(b);
          const error = exact - r * BigInt(c); // a·b − r·c, |error| <= c / 2
          const twice = 2n * abs(error);
          expect(twice <= BigInt(c)).toBe(true);
          // An exact half rounds away from zero: |r|·c = |a·b| + c/2.
          if (twice === BigInt(c)) expect(abs(r) * BigInt(c) > abs(exact)).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it("allocateExact adds up, stays within a kuruş of the exact share and agrees with allocate's bounds", () => {
    const weights = fc.array(
      fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 10_000_000_000_000 })),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000_000 }), weights, (amount, ws) => {
        const parts = allocateExact(amount, ws);
        expect(parts).toHaveLength(ws.length);
        if (ws.length === 0) return;
        expect(total(parts)).toBe(amount);
        const sum = ws.reduce((a, b) => a + BigInt(b), 0n);
        ws.forEach((w, i) => {
          const share = sum === 0n ? BigInt(amount) : BigInt(amount) * BigInt(w);
          const divisor = sum === 0n ? BigInt(ws.length) : sum;
          const floor = share / divisor;
          const part = BigInt(parts[i] ?? -1);
          expect(part >= floor && part <= floor + 1n).toBe(true);
        });
        if (amount * total(ws) <= Number.MAX_SAFE_INTEGER) expect(total(allocate(amount, ws))).toBe(amount);
      }),
      RUNS,
    );
  });
});
