import { describe, expect, it } from "vitest";
import type { TaxClass } from "@/db/schema";
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

const TR_RATES: Record<TaxClass, number> = { standard: 2000, reduced: 1000, super_reduced: 100, zero: 0 };
const EXPORT_RATES: Record<TaxClass, number> = { standard: 0, reduced: 0, super_reduced: 0, zero: 0 };

function line(id: string, unitPrice: number, qty = 1, extra: Partial<PricingLine> = {}): PricingLine {
  return { id, sku: `SKU-${id}`, categories: [], taxClass: "standard", unitPrice, qty, ...extra };
}

function coupon(extra: Partial<PricingCoupon>): PricingCoupon {
  return {
    code: "C",
    type: "percent",
    value: 10,
    maxDiscount: null,
    appliesToSkus: [],
    appliesToCategories: [],
    ...extra,
  };
}

function cart(extra: Partial<PricingInput>): PricingInput {
  return {
    lines: [],
    coupons: [],
    shipping: null,
    fees: [],
    taxRates: TR_RATES,
    pricesIncludeTax: true,
    ...extra,
  };
}

function byId(result: PricingResult) {
  return Object.fromEntries(result.lines.map((l) => [l.id, l]));
}

describe("mulDiv (the store's rounding rule)", () => {
  it.each([
    [5, 1, 2, 3], // 2.5 → 3
    [15, 1, 10, 2], // 1.5 → 2
    [14, 1, 10, 1], // 1.4 → 1
    [16, 1, 10, 2], // 1.6 → 2
    [25, 1, 10, 3], // 2.5 → 3 (not banker's rounding)
    [-5, 1, 2, -3], // −2.5 → −3: half away from zero
    [-14, 1, 10, -1],
    [0, 7, 3, 0],
    [99800, 10, 100, 9980],
  ])("mulDiv(%i, %i, %i) = %i", (a, b, c, expected) => {
    expect(mulDiv(a, b, c)).toBe(expected);
  });

  it("keeps precision where a double product would not", () => {
    expect(mulDiv(Number.MAX_SAFE_INTEGER, 10000, 10000)).toBe(Number.MAX_SAFE_INTEGER);
    expect(mulDiv(Number.MAX_SAFE_INTEGER, 9999, 10000)).toBe(9006298534815517);
    expect(mulDiv(12_345_678_901_234, 10000, 12000)).toBe(10288065751028);
    expect(mulDiv(10_000_000_000_001, 10000, 20000)).toBe(5_000_000_000_001); // …0.5 → up
  });

  it.each([
    [1, 1, 0],
    [1, 1, -3],
    [1.5, 1, 2],
    [1, Number.NaN, 2],
    [1, 1, 2.5],
    [2 ** 60, 1, 1],
  ])("throws on mulDiv(%d, %d, %d)", (a, b, c) => {
    expect(() => mulDiv(a, b, c)).toThrow(RangeError);
  });

  it("throws when the result is not a safe integer", () => {
    expect(() => mulDiv(Number.MAX_SAFE_INTEGER, 2, 1)).toThrow(RangeError);
  });
});

describe("allocateExact", () => {
  it("splits like allocate, exactly, for huge amounts", () => {
    expect(allocateExact(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateExact(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocateExact(5, [0, 0])).toEqual([3, 2]);
    expect(allocateExact(0, [3, 0])).toEqual([0, 0]);
    expect(allocateExact(Number.MAX_SAFE_INTEGER, [Number.MAX_SAFE_INTEGER, 0])).toEqual([
      Number.MAX_SAFE_INTEGER,
      0,
    ]);
    const big = [4_000_000_000_000, 3_000_000_000_001, 2_999_999_999_999];
    const parts = allocateExact(9_999_999_999_999, big);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(9_999_999_999_999);
    expect(parts).toEqual([3_999_999_999_999, 3_000_000_000_001, 2_999_999_999_999]);
  });
});

describe("eligibleLines", () => {
  const lines = [
    line("a", 100, 1, { sku: "PHONE-1", categories: ["telefon", "elektronik"] }),
    line("b", 100, 1, { sku: "SHIRT-1", categories: ["giyim"] }),
    line("c", 100, 1, { sku: "MUG-1", categories: ["ev"] }),
  ];

  it.each([
    ["no appliesTo → every line", coupon({}), ["a", "b", "c"]],
    ["parent category matches via ancestors", coupon({ appliesToCategories: ["elektronik"] }), ["a"]],
    ["SKU list", coupon({ appliesToSkus: ["MUG-1"] }), ["c"]],
    ["SKU or category", coupon({ appliesToSkus: ["MUG-1"], appliesToCategories: ["giyim"] }), ["b", "c"]],
    ["nothing matches", coupon({ appliesToSkus: ["NOPE"] }), []],
  ])("%s", (_name, c, ids) => {
    expect(eligibleLines(c, lines).map((l) => l.id)).toEqual(ids);
  });
});

describe("priceCart coupons", () => {
  const a = line("a", 30000, 2, { sku: "PHONE-1", categories: ["telefon", "elektronik"] });
  const b = line("b", 39800, 1, { sku: "SHIRT-1", categories: ["giyim"] });

  it.each<{
    name: string;
    input: PricingInput;
    totals: Partial<PricingResult>;
    lines?: Record<string, { discount: number; net?: number }>;
  }>([
    {
      name: "percent without cap (the API.md example)",
      input: cart({ lines: [a, b], coupons: [coupon({ code: "WELCOME10", value: 10 })] }),
      totals: {
        subtotal: 99800,
        discount: 9980,
        shipping: 0,
        tax: 14970,
        fees: 0,
        total: 89820,
        taxIncluded: true,
      },
      lines: { a: { discount: 6000, net: 54000 }, b: { discount: 3980, net: 35820 } },
    },
    {
      name: "percent capped by maxDiscount",
      input: cart({ lines: [a, b], coupons: [coupon({ value: 20, maxDiscount: 5000 })] }),
      totals: { subtotal: 99800, discount: 5000, total: 94800 },
      // 5000 × 60000/99800 = 3006.01…, 5000 × 39800/99800 = 1993.98…: the spare kuruş goes to b.
      lines: { a: { discount: 3006 }, b: { discount: 1994 } },
    },
    {
      name: "cap above the percentage does nothing",
      input: cart({ lines: [a, b], coupons: [coupon({ value: 10, maxDiscount: 50000 })] }),
      totals: { discount: 9980 },
    },
    {
      name: "fixed larger than the eligible subtotal discounts the subtotal only",
      input: cart({
        lines: [line("x", 10000), line("y", 5000)],
        coupons: [coupon({ type: "fixed", value: 50000 })],
      }),
      totals: { subtotal: 15000, discount: 15000, total: 0, tax: 0 },
      lines: { x: { discount: 10000, net: 0 }, y: { discount: 5000, net: 0 } },
    },
    {
      name: "fixed larger than the subtotal still charges shipping",
      input: cart({
        lines: [line("x", 10000)],
        shipping: 3000,
        coupons: [coupon({ type: "fixed", value: 50000 })],
      }),
      totals: { discount: 10000, shipping: 3000, total: 3000, tax: 500, shippingTax: 500 },
    },
    {
      name: "free_shipping waives shipping and adds nothing to discount",
      input: cart({
        lines: [a],
        shipping: 4990,
        coupons: [coupon({ code: "KARGO", type: "free_shipping", value: 0 })],
      }),
      totals: {
        subtotal: 60000,
        discount: 0,
        shipping: 0,
        total: 60000,
        coupons: [{ code: "KARGO", discount: 4990 }],
      },
      lines: { a: { discount: 0 } },
    },
    {
      name: "free_shipping without a chosen shipping waives nothing",
      input: cart({
        lines: [a],
        shipping: null,
        coupons: [coupon({ code: "KARGO", type: "free_shipping" })],
      }),
      totals: { shipping: 0, total: 60000, coupons: [{ code: "KARGO", discount: 0 }] },
    },
    {
      name: "category-limited coupon discounts only lines in (a descendant of) the category",
      input: cart({ lines: [a, b], coupons: [coupon({ value: 10, appliesToCategories: ["elektronik"] })] }),
      totals: { discount: 6000, total: 93800 },
      lines: { a: { discount: 6000 }, b: { discount: 0, net: 39800 } },
    },
    {
      name: "SKU-limited fixed coupon discounts only that SKU",
      input: cart({
        lines: [a, b],
        coupons: [coupon({ type: "fixed", value: 700, appliesToSkus: ["SHIRT-1"] })],
      }),
      totals: { discount: 700, total: 99100 },
      lines: { a: { discount: 0 }, b: { discount: 700 } },
    },
    {
      name: "two stackable coupons apply in order: 10 % then 1000",
      input: cart({
        lines: [line("x", 20000)],
        coupons: [coupon({ code: "P10", value: 10 }), coupon({ code: "F10", type: "fixed", value: 1000 })],
      }),
      totals: {
        discount: 3000,
        total: 17000,
        coupons: [
          { code: "P10", discount: 2000 },
          { code: "F10", discount: 1000 },
        ],
      },
    },
    {
      name: "two stackable coupons apply in order: 1000 then 10 % of the rest",
      input: cart({
        lines: [line("x", 20000)],
        coupons: [coupon({ code: "F10", type: "fixed", value: 1000 }), coupon({ code: "P10", value: 10 })],
      }),
      totals: {
        discount: 2900,
        coupons: [
          { code: "F10", discount: 1000 },
          { code: "P10", discount: 1900 },
        ],
      },
    },
    {
      name: "a later coupon works on what the earlier one left of each line",
      input: cart({
        lines: [line("x", 10000, 1, { categories: ["ev"] }), line("y", 5000)],
        coupons: [
          coupon({ type: "fixed", value: 5000, appliesToCategories: ["ev"] }),
          coupon({ code: "P10", value: 10 }),
        ],
      }),
      totals: { discount: 6000, total: 9000 },
      lines: { x: { discount: 5500, net: 4500 }, y: { discount: 500, net: 4500 } },
    },
    {
      name: "a coupon whose lines are already free discounts 0",
      input: cart({
        lines: [line("x", 1000)],
        coupons: [coupon({ code: "ALL", type: "fixed", value: 5000 }), coupon({ code: "P", value: 50 })],
      }),
      totals: {
        discount: 1000,
        total: 0,
        coupons: [
          { code: "ALL", discount: 1000 },
          { code: "P", discount: 0 },
        ],
      },
    },
  ])("$name", ({ input, totals, lines }) => {
    const result = priceCart(input);
    expect(result).toMatchObject(totals);
    if (lines) expect(byId(result)).toMatchObject(lines);
    expect(result.lines.reduce((s, l) => s + l.discount, 0)).toBe(result.discount);
  });
});

describe("priceCart tax", () => {
  it("KDV included: 12000 at 20 % contains 2000", () => {
    const r = priceCart(cart({ lines: [line("x", 12000)] }));
    expect(r).toMatchObject({ subtotal: 12000, tax: 2000, total: 12000, taxIncluded: true });
    expect(r.taxLines).toEqual([{ rateBp: 2000, base: 12000, amount: 2000 }]);
    expect(r.lines[0]).toEqual({ id: "x", gross: 12000, discount: 0, net: 12000, tax: 2000, rateBp: 2000 });
  });

  it("KDV included: 100 at 1 % contains 1", () => {
    const r = priceCart(cart({ lines: [line("x", 100, 1, { taxClass: "super_reduced" })] }));
    expect(r.tax).toBe(1);
    expect(r.taxLines).toEqual([{ rateBp: 100, base: 100, amount: 1 }]);
  });

  it("KDV excluded: 10000 at 20 % → 12000 total", () => {
    const r = priceCart(cart({ lines: [line("x", 10000)], pricesIncludeTax: false }));
    expect(r).toMatchObject({ subtotal: 10000, tax: 2000, total: 12000, taxIncluded: false });
  });

  it("KDV included on a huge amount keeps every kuruş", () => {
    const r = priceCart(cart({ lines: [line("x", 12_345_678_901_234)] }));
    expect(r.tax).toBe(12_345_678_901_234 - 10_288_065_751_028);
  });

  it("mixed rates: shipping joins the standard rate group, highest rate first", () => {
    const r = priceCart(
      cart({
        lines: [line("book", 11000, 1, { taxClass: "reduced" }), line("phone", 12000)],
        shipping: 2400,
      }),
    );
    expect(r.taxLines).toEqual([
      { rateBp: 2000, base: 14400, amount: 2400 },
      { rateBp: 1000, base: 11000, amount: 1000 },
    ]);
    expect(r).toMatchObject({ tax: 3400, shipping: 2400, shippingTax: 400, feesTax: 0, total: 25400 });
    expect(byId(r)).toMatchObject({ book: { tax: 1000, rateBp: 1000 }, phone: { tax: 2000, rateBp: 2000 } });
  });

  it("shipping is taxed at the standard rate even when no line is standard", () => {
    const r = priceCart(cart({ lines: [line("book", 11000, 1, { taxClass: "reduced" })], shipping: 1200 }));
    expect(r.taxLines).toEqual([
      { rateBp: 2000, base: 1200, amount: 200 },
      { rateBp: 1000, base: 11000, amount: 1000 },
    ]);
    expect(r.shippingTax).toBe(200);
  });

  it("zero-rated lines get a 0 % tax line with their base", () => {
    const r = priceCart(cart({ lines: [line("bread", 500, 1, { taxClass: "zero" })] }));
    expect(r.taxLines).toEqual([{ rateBp: 0, base: 500, amount: 0 }]);
    expect(r.tax).toBe(0);
  });

  it("fees are taxed at the standard rate (included)", () => {
    const r = priceCart(
      cart({ lines: [line("x", 12000)], fees: [{ kind: "cash_on_delivery", amount: 1500 }] }),
    );
    expect(r).toMatchObject({ fees: 1500, tax: 2250, feesTax: 250, total: 13500 });
    expect(r.lines[0]?.tax).toBe(2000);
  });

  it("shipping and fees are taxed on top when prices exclude tax", () => {
    const r = priceCart(
      cart({
        lines: [line("x", 10000)],
        shipping: 1000,
        fees: [
          { kind: "gift_wrap", amount: 300 },
          { kind: "cash_on_delivery", amount: 200 },
        ],
        pricesIncludeTax: false,
      }),
    );
    expect(r).toMatchObject({ fees: 500, tax: 2300, shippingTax: 200, feesTax: 100, total: 13800 });
    expect(r.taxLines).toEqual([{ rateBp: 2000, base: 11500, amount: 2300 }]);
  });

  it("exports: all rates 0 → no tax", () => {
    const r = priceCart(
      cart({
        lines: [line("x", 12000), line("y", 5000, 2, { taxClass: "reduced" })],
        shipping: 9000,
        taxRates: EXPORT_RATES,
      }),
    );
    expect(r).toMatchObject({ tax: 0, shippingTax: 0, feesTax: 0, total: 31000 });
    expect(r.taxLines).toEqual([{ rateBp: 0, base: 31000, amount: 0 }]);
    expect(r.lines.every((l) => l.tax === 0)).toBe(true);
  });

  it("discounts reduce the tax base", () => {
    const r = priceCart(cart({ lines: [line("x", 12000)], coupons: [coupon({ value: 50 })] }));
    expect(r).toMatchObject({ discount: 6000, tax: 1000, total: 6000 });
    expect(r.taxLines).toEqual([{ rateBp: 2000, base: 6000, amount: 1000 }]);
  });

  it("allocates a group's tax so lines, shipping and fees add up exactly", () => {
    const r = priceCart(
      cart({
        lines: [line("a", 333), line("b", 333), line("c", 334)],
        shipping: 1,
        fees: [{ kind: "gift_wrap", amount: 1 }],
      }),
    );
    // B = 1002, 1002 / 1.2 = 835 → tax 167.
    expect(r.tax).toBe(167);
    expect(r.lines.reduce((s, l) => s + l.tax, 0) + r.shippingTax + r.feesTax).toBe(167);
  });
});

describe("priceCart rounding at .5", () => {
  it.each([
    ["10 % of 15 = 1.5 → 2", [line("x", 15)], 10, 2],
    ["10 % of 14 = 1.4 → 1", [line("x", 14)], 10, 1],
    ["50 % of 1 = 0.5 → 1", [line("x", 1)], 50, 1],
    ["25 % of 2 = 0.5 → 1", [line("x", 1), line("y", 1)], 25, 1],
  ])("percent: %s", (_name, lines, value, expected) => {
    expect(priceCart(cart({ lines, coupons: [coupon({ value })] })).discount).toBe(expected);
  });

  it.each([
    [5, 1000, 1], // 0.5 → 1
    [4, 1000, 0], // 0.4 → 0
    [15, 1000, 2], // 1.5 → 2
    [25, 2000, 5],
  ])("tax on top: %i at %i bp → %i", (price, rate, expected) => {
    const r = priceCart(
      cart({ lines: [line("x", price)], taxRates: { ...TR_RATES, standard: rate }, pricesIncludeTax: false }),
    );
    expect(r.tax).toBe(expected);
    expect(r.total).toBe(price + expected);
  });

  it.each([
    [1, 10000, 0], // net 0.5 → 1, tax 0
    [3, 10000, 1], // net 1.5 → 2, tax 1
    [105, 1000, 10], // net 95.45 → 95
  ])("tax included: %i at %i bp contains %i", (price, rate, expected) => {
    const r = priceCart(cart({ lines: [line("x", price)], taxRates: { ...TR_RATES, standard: rate } }));
    expect(r.tax).toBe(expected);
  });

  it("splits exactly where doubles would not (|discount| × Σ weights beyond 2^53)", () => {
    const r = priceCart(
      cart({
        lines: [line("a", 9_057_638_008_272), line("b", 9_970_583_775_523), line("c", 6_189_677_150_317)],
        coupons: [coupon({ type: "fixed", value: 24_302_579_581_836 })],
      }),
    );
    // Largest remainders of the exact shares; a double-based split gives …458 / …285 here.
    expect(r.lines.map((l) => l.discount)).toEqual([8_728_878_210_457, 9_608_687_318_286, 5_965_014_053_093]);
    expect(r.discount).toBe(24_302_579_581_836);
  });

  it("a spare kuruş of an even split goes to the line first by id, whatever the input order", () => {
    const lines = [line("b", 100), line("a", 100)];
    const r = priceCart(cart({ lines, coupons: [coupon({ type: "fixed", value: 1 })] }));
    expect(r.lines.map((l) => l.id)).toEqual(["b", "a"]);
    expect(byId(r)).toMatchObject({ a: { discount: 1 }, b: { discount: 0 } });
  });
});

describe("priceCart invalid input", () => {
  const ok = cart({ lines: [line("x", 100)] });
  it.each<[string, PricingInput]>([
    ["negative price", cart({ lines: [line("x", -1)] })],
    ["fractional price", cart({ lines: [line("x", 10.5)] })],
    ["NaN price", cart({ lines: [line("x", Number.NaN)] })],
    ["negative quantity", cart({ lines: [line("x", 100, -1)] })],
    ["fractional quantity", cart({ lines: [line("x", 100, 1.5)] })],
    ["line total beyond safe integers", cart({ lines: [line("x", 2 ** 40, 2 ** 20)] })],
    ["duplicate line ids", cart({ lines: [line("x", 100), line("x", 200)] })],
    ["negative shipping", { ...ok, shipping: -1 }],
    ["fractional shipping", { ...ok, shipping: 0.5 }],
    ["negative fee", { ...ok, fees: [{ kind: "gift_wrap", amount: -5 }] }],
    ["negative coupon value", { ...ok, coupons: [coupon({ type: "fixed", value: -100 })] }],
    ["fractional percent", { ...ok, coupons: [coupon({ value: 10.5 })] }],
    ["percent over 100", { ...ok, coupons: [coupon({ value: 101 })] }],
    ["negative maxDiscount", { ...ok, coupons: [coupon({ maxDiscount: -1 })] }],
    ["unknown coupon type", { ...ok, coupons: [coupon({ type: "bogus" as never })] }],
    [
      "missing tax rate of a line's class",
      cart({
        lines: [line("x", 100, 1, { taxClass: "reduced" })],
        taxRates: { standard: 2000 } as Record<TaxClass, number>,
      }),
    ],
    ["missing standard rate", cart({ lines: [], taxRates: { reduced: 1000 } as Record<TaxClass, number> })],
    ["tax rate above 100 %", { ...ok, taxRates: { ...TR_RATES, standard: 10001 } }],
    ["fractional tax rate", { ...ok, taxRates: { ...TR_RATES, standard: 1800.5 } }],
  ])("throws a RangeError on %s", (_name, input) => {
    expect(() => priceCart(input)).toThrow(RangeError);
  });

  it("prices an empty cart as zero", () => {
    expect(priceCart(cart({}))).toEqual({
      subtotal: 0,
      discount: 0,
      shipping: 0,
      fees: 0,
      tax: 0,
      total: 0,
      taxIncluded: true,
      taxLines: [],
      coupons: [],
      lines: [],
      shippingTax: 0,
      feesTax: 0,
    });
  });
});
