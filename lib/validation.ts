import type { z } from "zod";
import { AppError } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/locale";
import { messageText } from "@/lib/i18n/translate";

/**
 * Every validation message the store shows comes from here, in the request's language, worked out from
 * what an issue is (its code, bounds and values), never from the issue's own text: that text may be zod's
 * (English, or its terse localized "Çok küçük: beklenen string >=8 karakter"), conform's English ("Invalid
 * input: expected string…") or a string a schema spelled inline, and none of those may reach a page or an
 * API answer. A schema's own rules name their message instead of spelling it: `refine(fn, { params: {
 * i18n: "feature.validation.key", max: 100 } })` gives the message at that key, with `{max}` filled in.
 */

/** An issue as zod raises it (with `input` while it is raised, or when parsed with `reportInput`). */
type Issue = z.core.$ZodIssue | z.core.$ZodRawIssue;

const text = (locale: Locale, key: string, values: Record<string, unknown> = {}) =>
  messageText(locale, `forms.${key}`, values) ?? (messageText(locale, "forms.validation.invalid") as string);

const bound = (value: unknown) => Number(value);

function sizeMessage(issue: Issue & { code: "too_small" | "too_big" }, locale: Locale): string {
  const small = issue.code === "too_small";
  const limit = bound(small ? issue.minimum : issue.maximum);
  if (issue.origin === "string") {
    if (small && limit <= 1) return text(locale, "required");
    return text(
      locale,
      small ? "validation.tooShort" : "validation.tooLong",
      small ? { min: limit } : { max: limit },
    );
  }
  if (issue.origin === "array" || issue.origin === "set") {
    return text(
      locale,
      small ? "validation.tooFew" : "validation.tooMany",
      small ? { min: limit } : { max: limit },
    );
  }
  if (issue.origin === "number" || issue.origin === "bigint") {
    if (issue.inclusive === false) {
      return text(locale, small ? "validation.greaterThan" : "validation.lessThan", { value: limit });
    }
    return text(locale, small ? "validation.min" : "validation.max", small ? { min: limit } : { max: limit });
  }
  return text(locale, "validation.invalid");
}

/** An issue in the store's words, in the given language. */
export function issueMessage(issue: Issue, locale: Locale): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "custom": {
      const params = issue.params as Record<string, unknown> | undefined;
      const key = params?.i18n;
      const message = typeof key === "string" ? messageText(locale, key, params) : undefined;
      return message ?? text(locale, "validation.invalid");
    }
    case "invalid_type":
      // An empty box arrives as undefined (conform), a missing JSON field too; a box without a number as NaN.
      if (input === undefined || input === null || input === "") return text(locale, "required");
      if (["number", "int", "bigint"].includes(String(issue.expected))) return text(locale, "number");
      return text(locale, "validation.invalid");
    case "too_small":
    case "too_big":
      return sizeMessage(issue, locale);
    case "invalid_value":
      return text(locale, "validation.choice");
    case "invalid_format":
      return text(locale, issue.format === "email" ? "validation.email" : "validation.format");
    case "not_multiple_of":
      return text(locale, "validation.multipleOf", { divisor: bound(issue.divisor) });
    case "unrecognized_keys":
      return text(locale, "validation.unknownKeys", { keys: issue.keys.join(", ") });
    default:
      return text(locale, "validation.invalid");
  }
}

const errorMaps = {
  tr: (issue: Issue) => issueMessage(issue, "tr"),
  en: (issue: Issue) => issueMessage(issue, "en"),
} satisfies Record<Locale, z.core.$ZodErrorMap>;

/** The error map of a language, for parsers other than `check` (an issue's `message` then reads well too). */
export function zodErrorMap(locale: Locale): z.core.$ZodErrorMap {
  return errorMaps[locale];
}

/** `{ "path.to.field": "message" }`, the `details.fields` of a 400 VALIDATION_FAILED, one message per path. */
export function fieldErrors(error: z.ZodError, locale: Locale): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.length ? issue.path.map(String).join(".") : "_";
    if (!Object.hasOwn(fields, path)) fields[path] = issueMessage(issue, locale);
  }
  return fields;
}

/** Parses without throwing; a failure's field messages are in the given language (for forms). */
export function check<S extends z.ZodType>(
  schema: S,
  input: unknown,
  locale: Locale,
): { ok: true; data: z.output<S> } | { ok: false; fields: Record<string, string> } {
  // reportInput keeps each issue's input, which tells "missing" from "wrong" (never sent anywhere).
  const result = schema.safeParse(input, { error: errorMaps[locale], reportInput: true });
  return result.success
    ? { ok: true, data: result.data }
    : { ok: false, fields: fieldErrors(result.error, locale) };
}

/** Parses input with a schema; a failure becomes VALIDATION_FAILED with messages in the given language. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, locale: Locale): z.output<S> {
  const result = check(schema, input, locale);
  if (!result.ok) throw new AppError("VALIDATION_FAILED", { fields: result.fields });
  return result.data;
}
