import { z } from "zod";

/**
 * Validation of everything accounts accept: registration, sign-in, the address book (which the checkout
 * reuses). Messages of our own rules are message keys (`params.i18n`), rendered in the request's language
 * by lib/validation.ts; zod's built-in checks use zod's localized messages.
 */

import { findDistrict, findProvince } from "@/lib/locations";
import { ADDRESS_FIELDS, type AddressField } from "./address-fields";
import {
  ADDRESS_LINE_MAX,
  CITY_MAX,
  DISTRICT_MAX,
  EMAIL_MAX,
  NAME_MAX,
  PASSWORD_MAX,
  PASSWORD_MIN,
} from "./limits";

export { ADDRESS_FIELDS, type AddressField, EMAIL_MAX, NAME_MAX, PASSWORD_MAX, PASSWORD_MIN };

const rule = (key: string, values: Record<string, string | number> = {}) => ({
  params: { i18n: `account.validation.${key}`, ...values },
});

const EMAIL_PATTERN = z.regexes.email;

/** Trimmed, lower-cased and checked: the form in which emails are stored, compared and rate-limited. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => value.length > 0, { ...rule("required"), abort: true })
  .refine((value) => value.length <= EMAIL_MAX && EMAIL_PATTERN.test(value), rule("emailInvalid"));

/** A new password: 8 to 200 characters (the upper cap keeps hashing cheap to refuse). */
export const newPasswordSchema = z
  .string()
  .refine((value) => value.length <= PASSWORD_MAX, {
    ...rule("passwordTooLong", { max: PASSWORD_MAX }),
    abort: true,
  })
  .refine((value) => value.length >= PASSWORD_MIN, rule("passwordTooShort", { min: PASSWORD_MIN }));

/** For object-level rules: run only when the fields they read passed their own checks. */
function fieldsValid(issues: readonly { path?: readonly PropertyKey[] }[], fields: string[]): boolean {
  // An issue without a path means the value itself is not an object: nothing to cross-check.
  return issues.every((issue) => (issue.path?.length ?? 0) > 0 && !fields.includes(String(issue.path?.[0])));
}

function text(max: number, required: boolean) {
  const base = z
    .string()
    .trim()
    .refine((value) => value.length <= max, { ...rule("tooLong", { max }), abort: true });
  return required ? base.refine((value) => value.length > 0, rule("required")) : base;
}

export const registerSchema = z
  .object({
    email: emailSchema,
    password: newPasswordSchema,
    name: text(NAME_MAX, true),
  })
  .superRefine(
    (value, ctx) => {
      if (normalizeEmail(value.password) === value.email) {
        ctx.addIssue({ code: "custom", path: ["password"], ...rule("passwordIsEmail") });
      }
    },
    { when: (payload) => fieldsValid(payload.issues, ["email", "password"]) },
  );
export type RegisterInput = z.output<typeof registerSchema>;

/** Sign-in accepts any password up to the cap; only its length is checked before hashing. */
export const signInSchema = z.object({
  email: emailSchema,
  password: z
    .string()
    .refine((value) => value.length <= PASSWORD_MAX, {
      ...rule("passwordTooLong", { max: PASSWORD_MAX }),
      abort: true,
    })
    .refine((value) => value.length > 0, rule("required")),
});
export type SignInInput = z.output<typeof signInSchema>;

export const STAFF_ROLES = ["staff", "admin"] as const;
export const staffSchema = z.object({
  email: emailSchema,
  password: newPasswordSchema,
  role: z.enum(STAFF_ROLES),
  name: text(NAME_MAX, false).optional(),
});

/** ISO 3166-1 alpha-2: the 249 officially assigned codes. */
export const COUNTRY_CODES: ReadonlySet<string> = new Set(
  (
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE " +
    "BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD " +
    "CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM " +
    "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF " +
    "GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU " +
    "ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN " +
    "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME " +
    "MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA " +
    "NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM " +
    "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI " +
    "SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK " +
    "TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI " +
    "VN VU WF WS YE YT ZA ZM ZW"
  ).split(" "),
);

/** Spaces, dashes, dots and parentheses people type inside phone numbers. */
const PHONE_SEPARATORS = /[\s\-().]/g;

/**
 * A Turkish mobile number in the form we store, `+905XXXXXXXXX`, from `+90 5XX…`, `05XX…` (or `5XX…`,
 * `905XX…`) with any spacing; null when it is not one.
 */
export function normalizeTurkishPhone(input: string): string | null {
  const compact = input.replace(PHONE_SEPARATORS, "");
  const match = /^(?:\+90|90|0)?(5\d{9})$/.exec(compact);
  return match ? `+90${match[1]}` : null;
}

/** Any other country: 7–20 digits with an optional leading +, separators removed; null when not that. */
export function normalizeGenericPhone(input: string): string | null {
  const compact = input.replace(PHONE_SEPARATORS, "");
  return /^\+?\d{7,20}$/.test(compact) ? compact : null;
}

/** Turkish postal codes: five digits, the first two a province plate number 01–81. */
export function normalizeTurkishPostalCode(input: string): string | null {
  const compact = input.replace(/\s/g, "");
  if (!/^\d{5}$/.test(compact)) return null;
  const province = Number(compact.slice(0, 2));
  return province >= 1 && province <= 81 ? compact : null;
}

/** Elsewhere: 2–10 letters, digits, spaces or dashes (upper-cased). */
export function normalizeGenericPostalCode(input: string): string | null {
  const value = input.trim().replace(/\s+/g, " ").toUpperCase();
  return /^[A-Z0-9][A-Z0-9 -]{0,8}[A-Z0-9]$/.test(value) ? value : null;
}

/**
 * One postal address, as the address book stores it and the checkout takes it. Postal code and phone are
 * checked against the country's rules and normalized (Turkish phones to +90…); `line2` and `district`
 * become "" when absent. In Türkiye the city is one of the 81 provinces (il) and the district one of its
 * districts (ilçe), both required and matched the way people type them ("istanbul", "Kadikoy"), then
 * stored under their proper names ("İstanbul", "Kadıköy"); elsewhere both are free text.
 */
export const addressSchema = z
  .object({
    name: text(NAME_MAX, true),
    line1: text(ADDRESS_LINE_MAX, true),
    line2: text(ADDRESS_LINE_MAX, false).optional(),
    district: text(DISTRICT_MAX, false).optional(),
    city: text(CITY_MAX, true),
    postalCode: z.string().refine((value) => value.length <= 20, { ...rule("postalCode"), abort: true }),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .refine((value) => COUNTRY_CODES.has(value), rule("country")),
    phone: z.string().refine((value) => value.length <= 40, { ...rule("phone"), abort: true }),
  })
  .superRefine(
    (value, ctx) => {
      const turkish = value.country === "TR";
      if ((turkish ? normalizeTurkishPostalCode : normalizeGenericPostalCode)(value.postalCode) === null) {
        ctx.addIssue({
          code: "custom",
          path: ["postalCode"],
          ...rule(turkish ? "postalCodeTr" : "postalCode"),
        });
      }
      if ((turkish ? normalizeTurkishPhone : normalizeGenericPhone)(value.phone) === null) {
        ctx.addIssue({ code: "custom", path: ["phone"], ...rule(turkish ? "phoneTr" : "phone") });
      }
    },
    { when: (payload) => fieldsValid(payload.issues, ["country", "postalCode", "phone"]) },
  )
  .superRefine(
    (value, ctx) => {
      if (value.country !== "TR") return;
      const province = findProvince(value.city);
      if (!province) {
        ctx.addIssue({ code: "custom", path: ["city"], ...rule("provinceTr") });
      } else if (!value.district) {
        ctx.addIssue({ code: "custom", path: ["district"], ...rule("required") });
      } else if (!findDistrict(province.code, value.district)) {
        ctx.addIssue({
          code: "custom",
          path: ["district"],
          ...rule("districtTr", { province: province.name }),
        });
      }
    },
    { when: (payload) => fieldsValid(payload.issues, ["country", "city", "district"]) },
  )
  .transform((value) => {
    const turkish = value.country === "TR";
    const province = turkish ? findProvince(value.city) : undefined;
    const district = province && value.district ? findDistrict(province.code, value.district) : undefined;
    return {
      name: value.name,
      line1: value.line1,
      line2: value.line2 ?? "",
      district: district?.name ?? value.district ?? "",
      city: province?.name ?? value.city,
      postalCode:
        (turkish
          ? normalizeTurkishPostalCode(value.postalCode)
          : normalizeGenericPostalCode(value.postalCode)) ?? "",
      country: value.country,
      phone: (turkish ? normalizeTurkishPhone(value.phone) : normalizeGenericPhone(value.phone)) ?? "",
    };
  });
export type AddressInput = z.input<typeof addressSchema>;
export type Address = z.output<typeof addressSchema>;
