import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/locale";

const errorMaps = { tr: z.locales.tr().localeError, en: z.locales.en().localeError };

/** `{ "path.to.field": "message" }`, the `details.fields` of a 400 VALIDATION_FAILED. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.length ? issue.path.map(String).join(".") : "_";
    if (!Object.hasOwn(fields, path)) fields[path] = issue.message;
  }
  return fields;
}

/** Parses input with a schema; a failure becomes VALIDATION_FAILED with messages in the given language. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, locale: Locale): z.output<S> {
  const result = schema.safeParse(input, { error: errorMaps[locale] });
  if (!result.success) throw new AppError("VALIDATION_FAILED", { fields: fieldErrors(result.error) });
  return result.data;
}
