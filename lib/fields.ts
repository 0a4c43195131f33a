import { z } from "zod";

/**
 * Field schemas the inputs of every capability share (the admin API and the staff pages validate with
 * them): money, SKU, slug, a database id, a text in both languages. Messages of the store's own rules are
 * keys in messages/<locale>/admin.json.
 */

export const rule = (key: string, extra: Record<string, unknown> = {}) => ({
  params: { i18n: `admin.validation.${key}`, ...extra },
});

/** A PATCH body's refinement: at least one field is given (`.refine(...somethingToChange)`). */
export const somethingToChange = [
  (value: object) => Object.values(value).some((v) => v !== undefined),
  rule("nothingToChange"),
] as const;

/** Prices: integer minor units, 0 … 99,999,999 (Stripe's per-charge maximum). */
export const MAX_MONEY = 99_999_999;
export const money = z.number().int().min(0).max(MAX_MONEY);
export const MAX_STOCK = 1_000_000;

export const skuSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .transform((s) => s.toUpperCase())
  .refine((s) => /^[A-Z0-9][A-Z0-9._-]*$/.test(s), rule("sku"));

export const slugSchema = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .refine((s) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(s), rule("slug"));

/** A text in both languages: one string (used for both) or `{tr, en}`. */
export function localized(max: number, min = 1) {
  return z.union([
    z
      .string()
      .trim()
      .min(min)
      .max(max)
      .transform((text) => ({ tr: text, en: text })),
    z.object({ tr: z.string().trim().min(min).max(max), en: z.string().trim().min(min).max(max) }),
  ]);
}

export const idSchema = z.coerce.number().int().min(1).max(2_147_483_647);

export function uniqueSkus(variants: { sku: string }[], context: z.RefinementCtx) {
  const seen = new Set<string>();
  variants.forEach((variant, index) => {
    if (seen.has(variant.sku)) {
      context.addIssue({ code: "custom", path: [index, "sku"], ...rule("duplicateInRequest") });
    }
    seen.add(variant.sku);
  });
}

/** A Turkish IBAN (TR + 24 digits, ISO 13616 mod-97 checksum); spaces are dropped, letters upper-cased. */
export const ibanSchema = z
  .string()
  .transform((value) => value.replace(/\s+/g, "").toUpperCase())
  .refine(isTurkishIban, rule("iban"));

export function isTurkishIban(iban: string): boolean {
  if (!/^TR\d{24}$/.test(iban)) return false;
  const digits = `${iban.slice(4)}${iban.slice(0, 4)}`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return remainder === 1;
}
