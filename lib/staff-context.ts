import type { Locale } from "@/lib/i18n/locale";
import { textOf } from "@/lib/i18n/translate";

/** What every service a staff member acts through is told about the request: who acts (for timelines and ledgers), language, time. */
export interface StaffContext {
  /** The staff member's name, or the API token's name. */
  actor: string;
  locale: Locale;
  now?: Date;
}

/** A field message of the admin namespace in the request's language. */
export function adminText(locale: Locale, key: string, values?: Record<string, string | number>): string {
  const t = textOf(locale, "admin");
  return t(`validation.${key}`, values);
}
