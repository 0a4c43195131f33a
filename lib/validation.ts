import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/locale";
import { messageText } from "@/lib/i18n/translate";

const localeErrors = { tr: z.locales.tr().localeError, en: z.locales.en().localeError };

/**
 * A schema's own rules name their message instead of spelling it: `refine(fn, { params: { i18n:
 * "feature.validation.key", max: 100 } })` gives the message at that key in the request's language, with
 * `{max}` filled in. Everything else gets zod's localized message.
 */
function errorMap(locale: Locale): z.core.$ZodErrorMap {
  return (issue) => {
    const params =
      issue.code === "custom" ? (issue.params as Record<string, unknown> | undefined) : undefined;
    const key = params?.i18n;
    if (typeof key === "string") {
      const message = messageText(locale, key, params);
      if (message) return message;
    }
    return localeErrors[locale](issue);
  };
}

const errorMaps = { tr: errorMap("tr"), en: errorMap("en") };

/** The error map of a language, for parsers other than `check` (lib/forms). */
export function zodErrorMap(locale: Locale): z.core.$ZodErrorMap {
  return errorMaps[locale];
}

/** `{ "path.to.field": "message" }`, the `details.fields` of a 400 VALIDATION_FAILED. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.length ? issue.path.map(String).join(".") : "_";
    if (!Object.hasOwn(fields, path)) fields[path] = issue.message;
  }
  return fields;
}

/** Parses without throwing; a failure's field messages are in the given language (for forms). */
export function check<S extends z.ZodType>(
  schema: S,
  input: unknown,
  locale: Locale,
): { ok: true; data: z.output<S> } | { ok: false; fields: Record<string, string> } {
  const result = schema.safeParse(input, { error: errorMaps[locale] });
  return result.success ? { ok: true, data: result.data } : { ok: false, fields: fieldErrors(result.error) };
}

/** Parses input with a schema; a failure becomes VALIDATION_FAILED with messages in the given language. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, locale: Locale): z.output<S> {
  const result = check(schema, input, locale);
  if (!result.ok) throw new AppError("VALIDATION_FAILED", { fields: result.fields });
  return result.data;
}
