/**
 * Shipping prices from weight brackets. Pure integer arithmetic: grams, centimetres, minor units.
 */

import { assertCount, safeInteger } from "./rounding";

export interface Parcel {
  weightGrams: number;
  lengthCm: number;
  widthCm: number;
  heightCm: number;
  qty: number;
}

/**
 * Volumetric grams of one unit: the Turkish carriers' "desi" is L × W × H cm / 3000 kilograms, so in
 * grams ceil(L × W × H × 1000 / 3000) = ceil(L × W × H / 3).
 */
function volumetricGrams(parcel: Parcel): number {
  const volume = safeInteger(
    assertCount("lengthCm", parcel.lengthCm) *
      assertCount("widthCm", parcel.widthCm) *
      assertCount("heightCm", parcel.heightCm),
    "Parcel volume",
  );
  return Math.ceil(volume / 3);
}

/**
 * Billable weight in grams of the whole order, which ships as one consignment:
 * max(Σ actual weight, Σ volumetric weight), where each sum runs over the units (weight × qty) and the
 * volumetric weight of a unit is its desi (L × W × H cm / 3000 kg) rounded up to a whole gram.
 * The maximum is taken on the sums, not per unit: a heavy small item and a light bulky one packed
 * together are billed by whichever total dominates, as a carrier weighing and measuring the consignment
 * would. Throws a RangeError on negative or non-integer numbers.
 */
export function billableGrams(parcels: Parcel[]): number {
  let actual = 0;
  let volumetric = 0;
  for (const parcel of parcels) {
    const qty = assertCount("qty", parcel.qty);
    actual = safeInteger(
      actual + safeInteger(assertCount("weightGrams", parcel.weightGrams) * qty, "Weight"),
      "Weight",
    );
    volumetric = safeInteger(volumetric + safeInteger(volumetricGrams(parcel) * qty, "Volume"), "Volume");
  }
  return Math.max(actual, volumetric);
}

export interface RateBracket {
  maxGrams: number;
  price: number;
}

/**
 * The bracket price: the first bracket (sorted by maxGrams) with billable <= maxGrams (inclusive); above
 * the last, the last bracket's price + extraPerKg per started kilogram over it; null when there are no
 * brackets.
 */
export function bracketPrice(brackets: RateBracket[], billable: number, extraPerKg: number): number | null {
  assertCount("billable grams", billable);
  assertCount("extraPerKg", extraPerKg);
  for (const bracket of brackets) {
    assertCount("maxGrams", bracket.maxGrams);
    assertCount("bracket price", bracket.price);
  }
  const sorted = [...brackets].sort((a, b) => a.maxGrams - b.maxGrams);
  const last = sorted.at(-1);
  if (!last) return null;
  const bracket = sorted.find((b) => billable <= b.maxGrams);
  if (bracket) return bracket.price;
  const startedKg = Math.ceil((billable - last.maxGrams) / 1000);
  return safeInteger(
    last.price + safeInteger(startedKg * extraPerKg, "Shipping surcharge"),
    "Shipping price",
  );
}

/**
 * Shipping price after the method's free-shipping threshold: 0 when orderValue >= freeThreshold
 * (non-null). A method without brackets stays null (not offered), whatever the order value.
 */
export function methodPrice(
  brackets: RateBracket[],
  billable: number,
  extraPerKg: number,
  freeThreshold: number | null,
  orderValue: number,
): number | null {
  const price = bracketPrice(brackets, billable, extraPerKg);
  if (price === null) return null;
  if (freeThreshold !== null) {
    assertCount("freeThreshold", freeThreshold);
    if (!Number.isSafeInteger(orderValue))
      throw new RangeError(`orderValue must be an integer, got ${orderValue}`);
    if (orderValue >= freeThreshold) return 0;
  }
  return price;
}
