import { z } from "zod";
import { env } from "@/lib/env";
import { money } from "@/lib/fields";
import { parseMajor } from "@/lib/money";

/**
 * Schemas of what people type into boxes that the services take in another form: an amount in lira
 * ("125,50") as integer kuruş, a checkbox, a list typed in one box, a time in Istanbul.
 */

const issue = (key: string) => ({ code: "custom" as const, params: { i18n: key }, input: "" });

/** "125,50" or "1.250" (major units of the store currency) → integer minor units. */
export const moneyInput = z
  .string()
  .transform((raw, context) => {
    const minor = parseMajor(raw, env().STORE_CURRENCY);
    if (minor === null) {
      context.issues.push({ ...issue("forms.amount"), input: raw });
      return z.NEVER;
    }
    return minor;
  })
  .pipe(money);

/** A checkbox: sent as "on" when ticked, not sent at all otherwise. */
export const checkbox = z.boolean().default(false);

/** "a, b c;d" → ["a", "b", "c", "d"]; an empty box → []. */
export const listInput = z
  .string()
  .optional()
  .transform((raw) =>
    (raw ?? "")
      .split(/[\s,;]+/)
      .map((s) => s.trim())
      .filter(Boolean),
  );

/** A `datetime-local` value is a time in Istanbul (UTC+3 all year since 2016). */
export const istanbulTime = z
  .string()
  .transform((raw) => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(raw) ? `${raw}:00+03:00` : raw));
