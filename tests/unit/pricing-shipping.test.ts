import { describe, expect, it } from "vitest";
import { billableGrams, bracketPrice, methodPrice, type Parcel, type RateBracket } from "@/lib/pricing";

// Deliberately unsorted: the functions sort by maxGrams themselves.
const BRACKETS: RateBracket[] = [
  { maxGrams: 5000, price: 7000 },
  { maxGrams: 1000, price: 3000 },
  { maxGrams: 2000, price: 4500 },
];

function parcel(weightGrams: number, l: number, w: number, h: number, qty = 1): Parcel {
  return { weightGrams, lengthCm: l, widthCm: w, heightCm: h, qty };
}

describe("bracketPrice", () => {
  it.each([
    [0, 3000],
    [1, 3000],
    [1000, 3000], // exactly at the limit → that bracket
    [1001, 4500], // one gram over → the next
    [2000, 4500],
    [2001, 7000],
    [5000, 7000],
  ])("%i g → %i", (grams, price) => {
    expect(bracketPrice(BRACKETS, grams, 1500)).toBe(price);
  });

  it.each([
    [5001, 7000 + 1500], // a started kilogram
    [6000, 7000 + 1500], // exactly one kilogram over
    [6001, 7000 + 2 * 1500], // one gram into the second
    [12_345, 7000 + 8 * 1500],
  ])("above the last bracket: %i g → %i (extraPerKg per started kg)", (grams, price) => {
    expect(bracketPrice(BRACKETS, grams, 1500)).toBe(price);
  });

  it("above the last bracket with no surcharge costs the last bracket's price", () => {
    expect(bracketPrice(BRACKETS, 100_000, 0)).toBe(7000);
  });

  it("no brackets → null", () => {
    expect(bracketPrice([], 500, 1500)).toBeNull();
  });

  it("does not reorder the caller's array", () => {
    const brackets = [...BRACKETS];
    bracketPrice(brackets, 1500, 0);
    expect(brackets).toEqual(BRACKETS);
  });

  it.each([
    [BRACKETS, -1, 0],
    [BRACKETS, 1.5, 0],
    [BRACKETS, 100, -1],
    [[{ maxGrams: 1000, price: -1 }], 100, 0],
  ])("throws on invalid input (%#)", (brackets, grams, extra) => {
    expect(() => bracketPrice(brackets, grams, extra)).toThrow(RangeError);
  });
});

describe("billableGrams", () => {
  it("bills a light bulky parcel by volume (desi)", () => {
    // 60 × 40 × 30 cm = 72 000 cm³ = 24 desi = 24 000 g, though it weighs 500 g.
    expect(billableGrams([parcel(500, 60, 40, 30)])).toBe(24_000);
  });

  it("bills a heavy small parcel by weight", () => {
    // 20 × 10 × 10 cm = 0.667 desi; it weighs 5 kg.
    expect(billableGrams([parcel(5000, 20, 10, 10)])).toBe(5000);
  });

  it("rounds the volumetric grams of a unit up", () => {
    expect(billableGrams([parcel(1, 10, 10, 10)])).toBe(334); // 1000 / 3 = 333.33…
    expect(billableGrams([parcel(1, 10, 10, 10, 3)])).toBe(1002); // per unit, then × qty
    expect(billableGrams([parcel(1, 3, 1, 1)])).toBe(1);
  });

  it("multiplies by quantity", () => {
    expect(billableGrams([parcel(500, 60, 40, 30, 2)])).toBe(48_000);
    expect(billableGrams([parcel(5000, 20, 10, 10, 3)])).toBe(15_000);
    expect(billableGrams([parcel(5000, 20, 10, 10, 0)])).toBe(0);
  });

  it("takes the larger of the summed actual and summed volumetric weights (one consignment)", () => {
    // actual 500 + 5000 = 5500; volumetric 24 000 + 667 = 24 667.
    expect(billableGrams([parcel(500, 60, 40, 30), parcel(5000, 20, 10, 10)])).toBe(24_667);
    // actual 9000 + 200 = 9200 beats volumetric 667 + 1000 = 1667.
    expect(billableGrams([parcel(9000, 20, 10, 10), parcel(200, 10, 10, 30)])).toBe(9200);
  });

  it("an empty cart weighs nothing", () => {
    expect(billableGrams([])).toBe(0);
  });

  it.each([parcel(-1, 1, 1, 1), parcel(1.5, 1, 1, 1), parcel(1, -1, 1, 1), parcel(1, 1, 1, 1, -2)])(
    "throws on invalid parcel %o",
    (p) => {
      expect(() => billableGrams([p])).toThrow(RangeError);
    },
  );

  it("feeds bracketPrice: a bulky parcel lands in a higher bracket than its weight", () => {
    const grams = billableGrams([parcel(800, 20, 15, 15)]); // 4500 / 3 = 1500 g volumetric
    expect(grams).toBe(1500);
    expect(bracketPrice(BRACKETS, grams, 0)).toBe(4500);
  });
});

describe("methodPrice", () => {
  it.each([
    [50_000, 50_000, 0], // exactly at the threshold → free
    [50_000, 49_999, 4500], // one kuruş below → paid
    [50_000, 1_000_000, 0],
    [0, 0, 0], // a threshold of 0 always ships free
    [null, 10_000_000, 4500], // null threshold never free
    [null, 0, 4500],
  ])("threshold %s, order %i → %i", (threshold, orderValue, price) => {
    expect(methodPrice(BRACKETS, 1500, 1000, threshold, orderValue)).toBe(price);
  });

  it("includes the per-kg surcharge when not free", () => {
    expect(methodPrice(BRACKETS, 7500, 1000, 50_000, 10_000)).toBe(7000 + 3 * 1000);
    expect(methodPrice(BRACKETS, 7500, 1000, 50_000, 50_000)).toBe(0);
  });

  it("no brackets → null, even above the threshold", () => {
    expect(methodPrice([], 1500, 1000, 50_000, 10_000)).toBeNull();
    expect(methodPrice([], 1500, 1000, 50_000, 100_000)).toBeNull();
  });
});
