/**
 * Money is an integer count of minor units (kuruş for TRY, cents for EUR) everywhere in the store.
 * Floats never carry an amount; they appear only inside Intl when a number is shown to a person.
 */

export type Minor = number;

/** How many minor units make one major unit for a currency (TRY → 100, JPY → 1). */
export function minorUnitFactor(currency: string): number {
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
    .maximumFractionDigits;
  return 10 ** (digits ?? 2);
}

export function assertMinor(amount: number): Minor {
  if (!Number.isSafeInteger(amount))
    throw new RangeError(`Amount must be an integer of minor units, got ${amount}`);
  return amount;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Formats minor units for a person: 129990 TRY → "₺1.299,90" in Turkish, "TRY 1,299.90" in English. */
export function formatMoney(amount: Minor, currency: string, locale: string): string {
  assertMinor(amount);
  const key = `${locale}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale === "tr" ? "tr-TR" : locale, { style: "currency", currency });
    formatters.set(key, formatter);
  }
  return formatter.format(amount / minorUnitFactor(currency));
}

/** Parses a major-unit amount typed by a person ("1299.90", "1.299,90") into minor units, or null. */
export function parseMajor(input: string, currency: string): Minor | null {
  const trimmed = input.trim();
  const factor = minorUnitFactor(currency);
  const decimals = Math.round(Math.log10(factor));
  if (!/^\d{1,3}([.,]?\d{3})*([.,]\d+)?$/.test(trimmed)) return null;
  // The last separator starts the fraction unless exactly three digits follow it (a thousands group).
  const lastSep = Math.max(trimmed.lastIndexOf(","), trimmed.lastIndexOf("."));
  const tail = lastSep >= 0 ? trimmed.length - lastSep - 1 : 0;
  const hasFraction = lastSep >= 0 && tail !== 3;
  if (hasFraction && tail > decimals) return null;
  const whole = (hasFraction ? trimmed.slice(0, lastSep) : trimmed).replace(/[.,]/g, "");
  const fraction = hasFraction ? trimmed.slice(lastSep + 1).padEnd(decimals, "0") : "0";
  const minor = Number(whole) * factor + Number(fraction || "0");
  return Number.isSafeInteger(minor) ? minor : null;
}

/**
 * Splits `total` minor units over `weights` in proportion, so the parts always add up to `total`
 * exactly (largest remainder method; ties go to the earlier part). Negative totals split the same way.
 */
export function allocate(total: Minor, weights: readonly number[]): Minor[] {
  assertMinor(total);
  if (weights.length === 0) return [];
  if (weights.some((w) => !Number.isFinite(w) || w < 0))
    throw new RangeError("Weights must be finite and >= 0");
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!Number.isFinite(sum)) throw new RangeError("Weights are too large to add up");
  if (sum === 0) {
    // Nothing to weigh by: spread evenly.
    return allocate(
      total,
      weights.map(() => 1),
    );
  }
  const sign = total < 0 ? -1 : 1;
  const absolute = Math.abs(total);
  const exact = weights.map((w) => (absolute * w) / sum);
  const parts = exact.map(Math.floor);
  let remainder = absolute - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((value, index) => ({ index, fraction: value - Math.floor(value) }))
    .sort((a, b) => b.fraction - a.fraction || a.index - b.index);
  for (const { index } of order) {
    if (remainder === 0) break;
    parts[index] = (parts[index] ?? 0) + 1;
    remainder--;
  }
  return parts.map((p) => p * sign);
}

/**
 * Minor units as the dotted decimal text payment providers take ("1234.50" for 123450 kuruş), built from
 * the integer's digits (no float ever holds the amount).
 */
export function toDecimalText(amount: Minor, currency: string): string {
  assertMinor(amount);
  const decimals = Math.round(Math.log10(minorUnitFactor(currency)));
  const sign = amount < 0 ? "-" : "";
  const digits = String(Math.abs(amount)).padStart(decimals + 1, "0");
  if (decimals === 0) return `${sign}${digits}`;
  return `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/**
 * A provider's decimal amount (the text "1234.5", or a JSON number such as 1234.5, whose shortest
 * text JavaScript prints exactly) as minor units; null when it is not a plain amount with at most the
 * currency's decimals.
 */
export function fromDecimalText(value: unknown, currency: string): Minor | null {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  const decimals = Math.round(Math.log10(minorUnitFactor(currency)));
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > decimals) return null;
  const minor = Number(match[1]) * 10 ** decimals + Number(fraction.padEnd(decimals, "0") || "0");
  return Number.isSafeInteger(minor) ? minor : null;
}
