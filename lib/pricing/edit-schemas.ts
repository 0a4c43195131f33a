import { z } from "zod";
import { FEE_KINDS, TAX_CLASSES } from "@/db/schema";
import { type FieldCode, fieldCode } from "@/lib/errors";
import { money, somethingToChange } from "@/lib/fields";
import { CARRIER_NAMES } from "@/lib/shipping/carriers/carrier";
import { countrySchema, SHIPPING_METHODS } from "@/lib/shipping/schemas";

/**
 * Input of the staff pages that set shipping, KDV and fees (app/actions/admin-pricing.ts validates with
 * these, then calls lib/shipping/staff.ts, lib/pricing/taxes.ts, fee-rules.ts). Rules of the store's own are message keys
 * in messages/<locale>/admin-pricing.json.
 */

const rule = (key: string, extra: Record<string, unknown> = {}) => ({
  params: { i18n: `adminPricing.validation.${key}`, ...extra },
});

const name = z.string().trim().min(1).max(120);

/** A Turkish province code: the first two digits of a postal code, 01–81. */
const provinceSchema = z
  .string()
  .trim()
  .refine((code) => /^(0[1-9]|[1-7]\d|8[01])$/.test(code), rule("province"));

function noDuplicates(values: string[], context: z.RefinementCtx) {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) context.addIssue({ code: "custom", path: [index], ...rule("duplicate", { value }) });
    seen.add(value);
  });
}

const zoneFields = z.object({
  code: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .refine((code) => /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/.test(code), rule("zoneCode")),
  nameTr: name,
  nameEn: name,
  countries: z.array(countrySchema).max(250).superRefine(noDuplicates),
  postalPrefixes: z.array(provinceSchema).max(81).superRefine(noDuplicates),
  chargesTax: z.boolean(),
  position: z.number().int().min(0).max(10_000).default(0),
});

function zoneRules(zone: z.output<typeof zoneFields>, context: z.RefinementCtx) {
  if (zone.countries.length === 0) {
    context.addIssue({ code: "custom", path: ["countries"], ...rule("emptyZone") });
  }
  // The shipping quote reads a province only from Turkish postal codes: provinces on a zone that also
  // lists other countries would make those countries never match it.
  if (zone.postalPrefixes.length > 0 && (zone.countries.length !== 1 || zone.countries[0] !== "TR")) {
    context.addIssue({ code: "custom", path: ["postalPrefixes"], ...rule("provincesNeedTurkeyOnly") });
  }
}

export const zoneSchema = zoneFields.superRefine(zoneRules);
export type ZoneInput = z.output<typeof zoneSchema>;

/** Heaviest bracket: 1,000 kg of billable weight. */
export const MAX_BRACKET_GRAMS = 1_000_000;

/** A method of a zone, without the zone: what the admin API nests in a zone. */
const methodFields = z.object({
  code: z.enum(SHIPPING_METHODS),
  nameTr: name,
  nameEn: name,
  carrier: z.string().trim().min(1).max(60),
  /** The integration that ships it (lib/shipping/carriers) and the carrier's service ("standart"). */
  carrierCode: z.enum(CARRIER_NAMES).default("simulated"),
  service: z.string().trim().min(1).max(60).default("standart"),
  etaMinDays: z.number().int().min(0).max(90),
  etaMaxDays: z.number().int().min(0).max(90),
  freeThreshold: money.nullable(),
  extraPerKg: money,
  active: z.boolean(),
  /**
   * Brackets by billable weight: each costs its price up to its `maxGrams` (inclusive) from the one
   * below it, so the table is contiguous from 0 by construction; only a repeated limit is ambiguous.
   */
  rates: z
    .array(z.object({ maxGrams: z.number().int().min(1).max(MAX_BRACKET_GRAMS), price: money }))
    .max(50),
});

function methodRules(method: z.output<typeof methodFields>, context: z.RefinementCtx) {
  if (method.etaMaxDays < method.etaMinDays) {
    context.addIssue({ code: "custom", path: ["etaMaxDays"], ...rule("etaOrder") });
  }
  // A method without brackets has no price and would silently never be offered.
  if (method.rates.length === 0) context.addIssue({ code: "custom", path: ["rates"], ...rule("noRates") });
  const seen = new Set<number>();
  method.rates.forEach((rate, index) => {
    if (seen.has(rate.maxGrams)) {
      context.addIssue({ code: "custom", path: ["rates", index, "maxGrams"], ...rule("sameLimit") });
    }
    seen.add(rate.maxGrams);
  });
}

export const methodSchema = methodFields
  .extend({ zoneId: z.number().int().min(1).max(2_147_483_647) })
  .superRefine(methodRules);
export type MethodInput = z.output<typeof methodSchema>;

/** KDV per tax class in basis points (2000 = 20 %), every class at once. */
export const taxRatesSchema = z.object(
  Object.fromEntries(
    TAX_CLASSES.map((taxClass) => [taxClass, z.number().int().min(0).max(10_000)]),
  ) as Record<(typeof TAX_CLASSES)[number], z.ZodNumber>,
);
export type TaxRatesInput = z.output<typeof taxRatesSchema>;

const feeFields = z.object({
  kind: z.enum(FEE_KINDS),
  nameTr: name,
  nameEn: name,
  amount: money,
  minOrder: money.nullable(),
  freeAbove: money.nullable(),
  active: z.boolean(),
});

function feeRules(fee: z.output<typeof feeFields>, context: z.RefinementCtx) {
  // Charged only from minOrder and waived from freeAbove: with freeAbove <= minOrder it never applies.
  if (fee.minOrder !== null && fee.freeAbove !== null && fee.freeAbove <= fee.minOrder) {
    context.addIssue({ code: "custom", path: ["freeAbove"], ...rule("freeAboveOrder") });
  }
}

export const feeSchema = feeFields.superRefine(feeRules);
export type FeeInput = z.output<typeof feeSchema>;

export const pricingIdSchema = z.coerce.number().int().min(1).max(2_147_483_647);

/** A refused input's message of the pricing pages (messages/<locale>/admin-pricing.json `validation`). */
export function pricingCode(key: string, values?: Record<string, string | number>): FieldCode {
  return fieldCode(`adminPricing.validation.${key}`, values);
}

/*
 * The admin API's bodies (/api/admin/shipping/zones, /tax-classes, /fees): the same fields and rules. A
 * PATCH names only what changes; the route merges it onto the stored record and checks the whole with
 * the full schema above, so a rule across fields (freeAbove above minOrder) holds after a partial change.
 */

const zoneMethodSchema = methodFields.superRefine(methodRules);
export type ZoneMethodInput = z.output<typeof zoneMethodSchema>;

/** A zone's methods by their code: a code the zone has replaces that method, a new one adds it. */
const zoneMethods = z
  .array(zoneMethodSchema)
  .max(SHIPPING_METHODS.length)
  .superRefine((methods, context) =>
    noDuplicates(
      methods.map((method) => method.code),
      context,
    ),
  );

/** The largest zone body: its methods with full rate tables (3 methods × 50 brackets) fit well within. */
export const MAX_ZONE_BYTES = 64 * 1024;

export const zoneCreateSchema = zoneFields
  .extend({ methods: zoneMethods.default([]) })
  .superRefine(zoneRules);

export const zonePatchSchema = zoneFields
  .partial()
  .extend({ position: zoneFields.shape.position.unwrap().optional(), methods: zoneMethods.optional() })
  .refine(...somethingToChange);
export type ZonePatchInput = z.output<typeof zonePatchSchema>;

const rateBp = z.number().int().min(0).max(10_000);

export const taxClassCreateSchema = z.object({ taxClass: z.enum(TAX_CLASSES), rateBp });
export const taxClassPatchSchema = z.object({ rateBp });
export const taxClassSchema = z.enum(TAX_CLASSES);

export const feePatchSchema = feeFields
  .omit({ kind: true })
  .partial()
  .refine(...somethingToChange);
export const feeKindSchema = z.enum(FEE_KINDS);
