import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocate, assertMinor, formatMoney, minorUnitFactor, parseMajor } from "@/lib/money";

describe("formatMoney", () => {
  it("formats TRY minor units the Turkish way", () => {
    const text = formatMoney(129990, "TRY", "tr");
    expect(text).toContain("1.299,90");
    expect(text).toContain("₺");
    expect(text).toBe(new Intl.NumberFormat("tr-TR", { style: "currency", currency: "TRY" }).format(1299.9));
  });

  it("formats TRY minor units the English way", () => {
    const text = formatMoney(129990, "TRY", "en");
    expect(text).toContain("1,299.90");
    expect(text).not.toContain("1.299,90");
  });

  it("formats zero and small amounts with two decimals", () => {
    expect(formatMoney(0, "TRY", "tr")).toContain("0,00");
    expect(formatMoney(5, "TRY", "en")).toContain("0.05");
  });

  it("keeps formatters per locale apart (cache key includes the locale)", () => {
    const tr = formatMoney(100, "TRY", "tr");
    const en = formatMoney(100, "TRY", "en");
    expect(tr).toContain("1,00");
    expect(en).toContain("1.00");
    expect(formatMoney(100, "TRY", "tr")).toBe(tr);
  });

  it("uses the currency's own minor unit (JPY has none)", () => {
    expect(formatMoney(1500, "JPY", "en")).toContain("1,500");
    expect(formatMoney(1500, "JPY", "en")).not.toContain("15.00");
  });

  it("refuses a non-integer amount", () => {
    expect(() => formatMoney(1.5, "TRY", "tr")).toThrow(RangeError);
  });
});

describe("minorUnitFactor", () => {
  it.each([
    ["TRY", 100],
    ["EUR", 100],
    ["USD", 100],
    ["JPY", 1],
  ])("%s → %i", (currency, factor) => {
    expect(minorUnitFactor(currency)).toBe(factor);
  });
});

describe("assertMinor", () => {
  it.each([1.5, Number.NaN, 2 ** 60, Number.POSITIVE_INFINITY, -0.01])("rejects %s", (value) => {
    expect(() => assertMinor(value)).toThrow(RangeError);
  });

  it.each([0, 1, -1, 129990, Number.MAX_SAFE_INTEGER])("accepts %s and returns it", (value) => {
    expect(assertMinor(value)).toBe(value);
  });
});

describe("parseMajor", () => {
  it.each([
    ["1299.90", 129990],
    ["1.299,90", 129990],
    ["1,299.90", 129990],
    ["1299,9", 129990],
    ["12", 1200],
    ["0", 0],
    ["0,05", 5],
    ["  42.50  ", 4250],
    ["1.299", 129900],
    ["12.345", 1234500],
  ])("%j → %i kuruş", (input, expected) => {
    expect(parseMajor(input, "TRY")).toBe(expected);
  });

  it.each(["abc", "", "   ", "-5", "1.2.3,4,5", "12.3456", "1,2345", "1e3", "12,", "₺12"])(
    "%j → null",
    (input) => {
      expect(parseMajor(input, "TRY")).toBeNull();
    },
  );

  it("uses the currency's factor", () => {
    expect(parseMajor("1500", "JPY")).toBe(1500);
  });
});

describe("allocate", () => {
  it.each<[number, number[], number[]]>([
    [100, [1, 1, 1], [34, 33, 33]],
    [100, [1, 1], [50, 50]],
    [10, [1, 2, 2], [2, 4, 4]],
    [1, [1, 1, 1], [1, 0, 0]],
    [2, [1, 1, 1], [1, 1, 0]],
    [0, [1, 2, 3], [0, 0, 0]],
    [-100, [1, 1, 1], [-34, -33, -33]],
    [-10, [3, 7], [-3, -7]],
    [5, [0, 0], [3, 2]],
    [7, [0, 0, 0], [3, 2, 2]],
    [100, [0, 1], [0, 100]],
    [100, [0.5, 0.25, 0.25], [50, 25, 25]],
    [99, [1], [99]],
  ])("allocate(%i, %j) → %j", (total, weights, expected) => {
    const parts = allocate(total, weights);
    expect(parts).toEqual(expected);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
  });

  it("gives the larger remainder the extra unit, not the earlier part", () => {
    // exact shares 1.5 / 3.25 / 5.25 → floors 1,3,5 (=9) → the one unit goes to the first (0.5 > 0.25)
    expect(allocate(10, [6, 13, 21])).toEqual([2, 3, 5]);
  });

  it("returns [] for empty weights", () => {
    expect(allocate(100, [])).toEqual([]);
    expect(allocate(0, [])).toEqual([]);
  });

  it.each([[[1, -1]], [[-0.5]], [[Number.NaN, 1]], [[Number.POSITIVE_INFINITY, 1]]])(
    "throws on an invalid weight %j",
    (weights) => {
      expect(() => allocate(100, weights)).toThrow(RangeError);
    },
  );

  it("throws on a non-integer total", () => {
    expect(() => allocate(10.5, [1, 1])).toThrow(RangeError);
  });

  const total = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 });
  const intWeights = fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 25 });
  const realWeights = fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 25 });

  it("property: the parts always add up to the total exactly", () => {
    fc.assert(
      fc.property(total, fc.oneof(intWeights, realWeights), (t, w) => {
        expect(allocate(t, w).reduce((a, b) => a + b, 0)).toBe(t);
      }),
      { numRuns: 2000 },
    );
  });

  it("property: every part is an integer", () => {
    fc.assert(
      fc.property(total, fc.oneof(intWeights, realWeights), (t, w) => {
        for (const part of allocate(t, w)) expect(Number.isSafeInteger(part)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("property: each part is within 1 of its exact proportional share", () => {
    fc.assert(
      fc.property(total, intWeights, (t, w) => {
        const sum = w.reduce((a, b) => a + b, 0);
        const parts = allocate(t, w);
        parts.forEach((part, i) => {
          const exact = sum === 0 ? t / w.length : (t * (w[i] ?? 0)) / sum;
          expect(Math.abs(part - exact)).toBeLessThan(1);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it("property: the result has one part per weight", () => {
    fc.assert(
      fc.property(total, fc.array(fc.nat({ max: 1000 }), { maxLength: 30 }), (t, w) => {
        expect(allocate(t, w)).toHaveLength(w.length);
      }),
      { numRuns: 1000 },
    );
  });

  it("property: negating the total negates every part", () => {
    fc.assert(
      fc.property(total, intWeights, (t, w) => {
        const positive = allocate(t, w);
        const negative = allocate(-t, w);
        expect(negative.map((p) => -p + 0)).toEqual(positive.map((p) => p + 0));
      }),
      { numRuns: 1000 },
    );
  });
});
