import { type FieldCode, fieldCode } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/locale";

/** What every service a staff member acts through is told about the request: who acts (for timelines and ledgers), language, time. */
export interface StaffContext {
  /** The staff member's name, or the API token's name. */
  actor: string;
  locale: Locale;
  now?: Date;
}

/** A refused input's message of the admin namespace (messages/<locale>/admin.json `validation`). */
export function adminCode(key: string, values?: Record<string, string | number>): FieldCode {
  return fieldCode(`admin.validation.${key}`, values);
}
