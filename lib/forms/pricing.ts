import { z } from "zod";
import { TAX_CLASSES } from "@/db/schema";
import { env } from "@/lib/env";
import { parseMajor } from "@/lib/money";
import { feeSchema, methodSchema, taxRatesSchema, zoneSchema } from "@/lib/pricing/edit-schemas";
import { checkbox, listInput, moneyInput } from "./fields";

/**
 * The forms of the pricing pages (zones, methods with their rate tables, KDV, fees): what is typed, mapped
 * onto lib/pricing/edit-schemas.ts, which the admin API validates with too.
 */

const recordId = z.number().int().min(1).max(2_147_483_647);
const rule = (key: string) => ({ i18n: `adminPricing.validation.${key}` });

/** "2,5" kg (or desi) → 2500 g; up to three decimals; null when it is not such a number. */
function gramsOf(raw: string): number | null {
  const match = /^(\d{1,4})(?:[.,](\d{1,3}))?$/.exec(raw.trim());
  if (!match) return null;
  return Number(match[1]) * 1000 + Number((match[2] ?? "").padEnd(3, "0"));
}

/** "18" or "0,5" % → basis points (1800, 50); up to two decimals; null when it is not such a number. */
function basisPointsOf(raw: string): number | null {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(raw.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

export const zoneForm = z
  .object({
    id: recordId.optional(),
    code: z.string().transform((code) => code.toLowerCase()),
    nameTr: z.string(),
    nameEn: z.string(),
    countries: listInput,
    postalPrefixes: listInput,
    chargesTax: checkbox,
    position: z.number().int().optional(),
  })
  .transform(({ id, ...zone }) => ({ ...(id ? { id } : {}), zone }))
  .pipe(z.object({ id: recordId.optional(), zone: zoneSchema }));

/** A service or schema path as the form's box: `zone.countries.1` → `countries` (a list has one box). */
export const pricingField = (path: string) =>
  path.replace(/^(zone|method)\./, "").replace(/^(countries|postalPrefixes)\.\d+$/, "$1");

export const zoneRefForm = z.object({ id: recordId, confirm: z.literal("yes").optional() });

/** The rate table's rows that hold something, by their place in the form. */
function filledRows(weights: string[], prices: string[]): number[] {
  return weights.flatMap((weight, row) =>
    weight.trim() === "" && (prices[row] ?? "").trim() === "" ? [] : [row],
  );
}

/** A repeated input: every row in its place, a blank one as "". */
const rows = z
  .array(z.string().optional())
  .default([])
  .transform((values) => values.map((value) => value ?? ""));

/**
 * A method with its rate table: each row ("maxKg", "ratePrice" repeated) is a bracket up to that weight;
 * blank rows are left out, a row's problem is shown at the row (`rate.<row>`).
 */
export const methodForm = z
  .object({
    zoneId: recordId,
    id: recordId.optional(),
    code: z.string(),
    nameTr: z.string(),
    nameEn: z.string(),
    carrier: z.string(),
    carrierCode: z.string().optional(),
    service: z.string().optional(),
    etaMinDays: z.number().int(),
    etaMaxDays: z.number().int(),
    freeThreshold: moneyInput.optional(),
    extraPerKg: moneyInput.optional(),
    active: checkbox,
    maxKg: rows,
    ratePrice: rows,
  })
  .transform(({ id, maxKg, ratePrice, freeThreshold, extraPerKg, ...method }, context) => {
    const [weights, prices] = [maxKg, ratePrice];
    const rates = filledRows(weights, prices).flatMap((row) => {
      const grams = gramsOf(weights[row] ?? "");
      const price = parseMajor(prices[row] ?? "", env().STORE_CURRENCY);
      const problem =
        grams === null || grams < 1
          ? "adminPricing.validation.weight"
          : price === null
            ? "forms.amount"
            : null;
      if (problem === null) return [{ maxGrams: grams as number, price: price as number }];
      context.issues.push({
        code: "custom",
        path: [`rate.${row}`],
        params: { i18n: problem },
        input: weights[row],
      });
      return [];
    });
    return {
      ...(id ? { id } : {}),
      method: { ...method, freeThreshold: freeThreshold ?? null, extraPerKg: extraPerKg ?? 0, rates },
    };
  })
  .pipe(z.object({ id: recordId.optional(), method: methodSchema }));

/** `method.rates.2.maxGrams` → the row it came from (`rate.<row>`); other paths → their box. */
export function methodField(path: string, formData: FormData): string {
  const bracket = /^method\.rates\.(\d+)\./.exec(path);
  if (!bracket) return pricingField(path);
  const rows = filledRows(formData.getAll("maxKg").map(String), formData.getAll("ratePrice").map(String));
  return `rate.${rows[Number(bracket[1])]}`;
}

export const methodSwitchForm = z.object({
  id: recordId,
  zoneId: recordId,
  active: z.enum(["true", "false"]),
});

const percent = z.string().transform((raw, context) => {
  const bp = basisPointsOf(raw);
  if (bp === null || bp > 10_000) {
    context.issues.push({ code: "custom", params: rule("percent"), input: raw });
    return z.NEVER;
  }
  return bp;
});

/** KDV per tax class, typed as a percentage (0–100, up to two decimals). */
export const taxForm = z
  .object(
    Object.fromEntries(TAX_CLASSES.map((taxClass) => [taxClass, percent])) as Record<
      (typeof TAX_CLASSES)[number],
      typeof percent
    >,
  )
  .pipe(taxRatesSchema);

export const feeForm = z
  .object({
    kind: z.string(),
    nameTr: z.string(),
    nameEn: z.string(),
    amount: moneyInput,
    minOrder: moneyInput.optional(),
    freeAbove: moneyInput.optional(),
    active: checkbox,
  })
  .transform((fee) => ({ ...fee, minOrder: fee.minOrder ?? null, freeAbove: fee.freeAbove ?? null }))
  .pipe(feeSchema);
