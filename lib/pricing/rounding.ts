/**
 * Integer arithmetic for prices. Every amount is a safe integer of minor units (see lib/money.ts);
 * intermediate products are computed with BigInt so nothing is lost to floating point.
 */

function assertSafeInteger(name: string, value: number): bigint {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer, got ${value}`);
  return BigInt(value);
}

/** A count or an amount the pricing rules take: a non-negative safe integer, else a RangeError. */
export function assertCount(what: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${what} must be a non-negative integer, got ${value}`);
  return value;
}

/** A result that must stay a safe integer (a sum, a product), else a RangeError naming it. */
export function safeInteger(value: number, what: string): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} is too large`);
  return value;
}

function toSafeNumber(value: bigint, what: string): number {
  const result = Number(value);
  if (!Number.isSafeInteger(result)) throw new RangeError(`${what} does not fit in a safe integer`);
  return result;
}

/**
 * a × b / c rounded to an integer.
 *
 * THE rounding rule of the store: round half away from zero — for the non-negative amounts the store
 * handles that is plain "half up" (x.5 → x + 1), and a negative quotient rounds symmetrically
 * (−x.5 → −(x + 1)). The product is exact (BigInt), so 1e13 × 10000 loses nothing.
 * Throws a RangeError when an argument is not a safe integer, when c <= 0, or when the result is not a
 * safe integer.
 */
export function mulDiv(a: number, b: number, c: number): number {
  const product = assertSafeInteger("a", a) * assertSafeInteger("b", b);
  const divisor = assertSafeInteger("c", c);
  if (divisor <= 0n) throw new RangeError(`mulDiv divisor must be > 0, got ${c}`);
  const negative = product < 0n;
  const magnitude = negative ? -product : product;
  const rounded = (2n * magnitude + divisor) / (2n * divisor);
  return toSafeNumber(negative ? -rounded : rounded, "mulDiv result");
}

/**
 * The same split as `allocate` in lib/money.ts (largest remainder, ties to the earlier part, an even
 * spread when every weight is 0, negative totals split like positive ones), computed exactly with
 * BigInt. The pricing engine uses `allocate` and falls back to this only when |total| × Σweights leaves
 * the range where doubles are exact. Weights must be non-negative safe integers.
 */
export function allocateExact(total: number, weights: readonly number[]): number[] {
  const absolute = assertSafeInteger("total", Math.abs(total));
  if (weights.length === 0) return [];
  const big = weights.map((w) => {
    if (w < 0) throw new RangeError(`Weights must be >= 0, got ${w}`);
    return assertSafeInteger("weight", w);
  });
  let sum = big.reduce((x, y) => x + y, 0n);
  const effective = sum === 0n ? big.map(() => 1n) : big;
  if (sum === 0n) sum = BigInt(big.length);
  const parts = effective.map((w) => (absolute * w) / sum);
  const fractions = effective.map((w, index) => ({ index, rest: (absolute * w) % sum }));
  let remainder = absolute - parts.reduce((x, y) => x + y, 0n);
  fractions.sort((x, y) => (x.rest === y.rest ? x.index - y.index : x.rest > y.rest ? -1 : 1));
  for (const { index } of fractions) {
    if (remainder === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    remainder--;
  }
  const sign = total < 0 ? -1 : 1;
  return parts.map((p) => toSafeNumber(p, "allocated part") * sign || 0);
}
