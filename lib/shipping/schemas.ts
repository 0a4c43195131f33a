import { z } from "zod";

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

/** A real ISO 3166-1 alpha-2 country code ("TR", "DE"); Intl knows them, made-up ones like "XX" fail. */
export const countrySchema = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .refine((code) => /^[A-Z]{2}$/.test(code) && regionNames.of(code) !== code, "unknown country code");

const TR_POSTAL = /^(0[1-9]|[1-7]\d|8[01])\d{3}$/;
const OTHER_POSTAL = /^[A-Z0-9][A-Z0-9 -]{0,8}[A-Z0-9]$/;

/** Turkish postal codes are five digits whose first two are a province (01–81); others are looser. */
export function postalCodeProblem(country: string, postalCode: string): string | null {
  if (country === "TR")
    return TR_POSTAL.test(postalCode) ? null : "a Turkish postal code is 5 digits, 01xxx–81xxx";
  return OTHER_POSTAL.test(postalCode) ? null : "invalid postal code";
}

export const destinationSchema = z
  .object({
    country: countrySchema,
    postalCode: z
      .string()
      .trim()
      .max(12)
      .transform((s) => s.toUpperCase()),
  })
  .superRefine((value, ctx) => {
    const problem = postalCodeProblem(value.country, value.postalCode);
    if (problem) ctx.addIssue({ code: "custom", path: ["postalCode"], message: problem });
  });

export type Destination = z.output<typeof destinationSchema>;

export const SHIPPING_METHODS = ["standard", "express", "same_day"] as const;
export const shippingMethodSchema = z.enum(SHIPPING_METHODS);

/** The cart's shipping estimate: a destination and, optionally, the method the shopper picked. */
export const shippingEstimateSchema = z.intersection(
  destinationSchema,
  z.object({ method: shippingMethodSchema.nullable().default(null) }),
);

/** Countries offered in the cart's estimator (the zones in the database decide what really ships). */
export const ESTIMATE_COUNTRIES = ["TR", "DE", "NL", "FR", "BE", "AT", "GB", "GR", "BG", "AZ", "US"];
