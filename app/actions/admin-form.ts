import "server-only";
import { type CouponCreateInput, couponCreateSchema } from "@/lib/coupons/schemas";
import { env } from "@/lib/env";
import { isAppError, isDatabaseUnavailable } from "@/lib/errors";
import { errorMessage } from "@/lib/http";
import type { Locale } from "@/lib/i18n/locale";
import { currentLocale } from "@/lib/i18n/server";
import { textOf } from "@/lib/i18n/translate";
import { log } from "@/lib/log";
import { parseMajor } from "@/lib/money";
import { check } from "@/lib/validation";

/**
 * What the staff pages' server actions (app/actions/admin*.ts) share: reading form fields, the state a
 * form shows after a submit, and turning a service's refusal into inline messages.
 */

export interface AdminFormState {
  /** A message for the whole form. */
  error?: string;
  /** Per-field messages, keyed by the form's field names. */
  fields?: Record<string, string>;
  /** What was done ("Order is now Shipped."). */
  ok?: string;
  /** Refill of the inputs after a refused submit. */
  values?: Record<string, string>;
  /** A new API token's text, shown once. */
  token?: string;
}

export function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value.trim() : "";
}

export function admin(locale: Locale) {
  return textOf(locale, "admin");
}

export async function failure(
  error: unknown,
  context: string,
  values?: Record<string, string>,
): Promise<AdminFormState> {
  const locale = await currentLocale();
  if (isAppError(error)) {
    const fields = error.details.fields as Record<string, string> | undefined;
    return { error: errorMessage(error.code, locale, error.details), fields, values };
  }
  if (isDatabaseUnavailable(error)) return { error: errorMessage("SERVICE_UNAVAILABLE", locale), values };
  log.error({ err: error }, `${context} failed`);
  return { error: errorMessage("INTERNAL_ERROR", locale), values };
}

export function invalid(
  locale: Locale,
  fields: Record<string, string>,
  values?: Record<string, string>,
): AdminFormState {
  return { error: errorMessage("VALIDATION_FAILED", locale), fields, values };
}

/** "125,50" → 12550 minor units; empty → undefined; anything else → null (not an amount). */
export function minorOf(raw: string): number | null | undefined {
  if (raw === "") return undefined;
  return parseMajor(raw, env().STORE_CURRENCY);
}

/** A whole number typed in a box; empty → undefined; anything else → NaN (refused by the schema). */
export function integerOf(raw: string): number | undefined {
  if (raw === "") return undefined;
  return /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
}

/** A `datetime-local` value is a time in Istanbul (UTC+3 all year since 2016). */
export function istanbulTime(raw: string): string | undefined {
  if (raw === "") return undefined;
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(raw) ? `${raw}:00+03:00` : raw;
}

/** "a, b c;d" → ["a", "b", "c", "d"]. */
export const list = (raw: string) =>
  raw
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

const COUPON_FIELDS = [
  "code",
  "type",
  "percent",
  "amount",
  "startsAt",
  "expiresAt",
  "usageLimit",
  "perCustomerLimit",
  "minOrder",
  "maxDiscount",
  "skus",
  "categories",
];

/** The service's field paths as the coupon form names its boxes. */
function couponFormFields(fields: Record<string, string>, type: string): Record<string, string> {
  const out = { ...fields };
  // The schema's `value` is the percent or the amount box, whichever the type shows.
  if (out.value) out[type === "percent" ? "percent" : "amount"] = out.value;
  if (out["appliesTo.skus"]) out.skus = out["appliesTo.skus"];
  if (out["appliesTo.categories"]) out.categories = out["appliesTo.categories"];
  return out;
}

/**
 * The coupon form (components/admin/CouponForm.tsx, for a new code and for editing one) read and checked
 * with the admin API's schema: the input, or the state that shows what to fix.
 */
export function couponFromForm(
  formData: FormData,
  locale: Locale,
):
  | { ok: true; data: CouponCreateInput; values: Record<string, string> }
  | {
      ok: false;
      state: AdminFormState;
    } {
  const t = admin(locale);
  const values = Object.fromEntries(COUPON_FIELDS.map((name) => [name, text(formData, name)]));
  values.stackable = formData.get("stackable") === "on" ? "on" : "";
  const type = values.type ?? "";
  const fields: Record<string, string> = {};
  const money = (name: string) => {
    const value = minorOf(values[name] ?? "");
    if (value === null) fields[name] = t("orders.refund.invalidAmount");
    return value ?? undefined;
  };
  const value =
    type === "percent" ? integerOf(values.percent ?? "") : type === "fixed" ? money("amount") : undefined;
  const input = {
    code: values.code,
    type,
    value,
    startsAt: istanbulTime(values.startsAt ?? ""),
    expiresAt: istanbulTime(values.expiresAt ?? ""),
    usageLimit: integerOf(values.usageLimit ?? ""),
    perCustomerLimit: integerOf(values.perCustomerLimit ?? ""),
    minOrder: money("minOrder"),
    maxDiscount: type === "percent" ? money("maxDiscount") : undefined,
    appliesTo: {
      skus: list(values.skus ?? ""),
      categories: list(values.categories ?? "").map((c) => c.toLowerCase()),
    },
    stackable: values.stackable === "on",
  };
  const parsed = check(couponCreateSchema, input, locale);
  if (!parsed.ok || Object.keys(fields).length > 0) {
    const merged = { ...fields, ...(parsed.ok ? {} : parsed.fields) };
    return { ok: false, state: invalid(locale, couponFormFields(merged, type), values) };
  }
  return { ok: true, data: parsed.data, values };
}

/** A refused coupon save (unknown SKUs, a taken code…) with its messages on the form's boxes. */
export async function couponFailure(
  error: unknown,
  context: string,
  values: Record<string, string>,
): Promise<AdminFormState> {
  const state = await failure(error, context, values);
  return state.fields ? { ...state, fields: couponFormFields(state.fields, values.type ?? "") } : state;
}
