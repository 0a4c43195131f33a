"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { TAX_CLASSES } from "@/db/schema";
import { requireStaffActor } from "@/lib/auth/guards";
import { updateCoupon } from "@/lib/coupons/staff";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/locale";
import { currentLocale } from "@/lib/i18n/server";
import { textOf } from "@/lib/i18n/translate";
import { log } from "@/lib/log";
import {
  feeSchema,
  methodSchema,
  pricingIdSchema,
  pricingText,
  taxRatesSchema,
  zoneSchema,
} from "@/lib/pricing/edit-schemas";
import { saveFee } from "@/lib/pricing/fee-rules";
import { saveTaxRates } from "@/lib/pricing/taxes";
import { deleteZone, saveMethod, saveZone, setMethodActive } from "@/lib/shipping/staff";
import { check } from "@/lib/validation";
import {
  type AdminFormState,
  admin,
  couponFailure,
  couponFromForm,
  failure,
  integerOf,
  invalid,
  list,
  minorOf,
  text,
} from "./admin-form";

/**
 * Server actions of the staff pages for prices other than the catalogue's: editing discount codes,
 * shipping zones, methods and rate tables, KDV rates and fees. Each checks the staff role on the server,
 * validates with lib/pricing/edit-schemas.ts (or the coupon API's schema) and calls one capability's
 * service; a refusal comes back as inline messages and changes nothing.
 */

function pricing(locale: Locale) {
  return textOf(locale, "adminPricing");
}

/** An id from a hidden input; null when it is not one. */
function idOf(formData: FormData, name: string): number | null {
  const parsed = pricingIdSchema.safeParse(text(formData, name));
  return parsed.success ? parsed.data : null;
}

/** "2,5" kg (or desi) → 2500 g; up to three decimals. Empty → undefined, anything else → null. */
function gramsOf(raw: string): number | null | undefined {
  if (raw === "") return undefined;
  const match = /^(\d{1,4})(?:[.,](\d{1,3}))?$/.exec(raw);
  if (!match) return null;
  return Number(match[1]) * 1000 + Number((match[2] ?? "").padEnd(3, "0"));
}

/** "18" or "0,5" % → basis points (1800, 50); up to two decimals. Anything else → null. */
function basisPointsOf(raw: string): number | null {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(raw);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

const couponPath = (id: number | string) => `/admin/coupons/${id}`;
const zonePath = (id: number) => `/admin/shipping/${id}`;

export async function updateCouponAction(
  _state: AdminFormState,
  formData: FormData,
): Promise<AdminFormState> {
  const id = idOf(formData, "id");
  const actor = await requireStaffActor(couponPath(id ?? ""));
  const locale = await currentLocale();
  const form = couponFromForm(formData, locale);
  if (!form.ok) return form.state;
  if (id === null) return failure(new Error("coupon form without an id"), "Editing a coupon", form.values);
  try {
    const coupon = await updateCoupon(getDb(), id, form.data, { actor: actor.name, locale });
    revalidatePath("/admin/coupons");
    revalidatePath(couponPath(id));
    return { ok: pricing(locale)("coupons.saved", { code: coupon.code }) };
  } catch (error) {
    return couponFailure(error, "Editing a coupon", form.values);
  }
}

export async function saveZoneAction(_state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const id = idOf(formData, "id");
  await requireStaffActor(id ? zonePath(id) : "/admin/shipping");
  const locale = await currentLocale();
  const values = {
    code: text(formData, "code"),
    nameTr: text(formData, "nameTr"),
    nameEn: text(formData, "nameEn"),
    countries: text(formData, "countries"),
    postalPrefixes: text(formData, "postalPrefixes"),
    chargesTax: formData.get("chargesTax") === "on" ? "on" : "",
    position: text(formData, "position"),
  };
  const parsed = check(
    zoneSchema,
    {
      code: values.code.toLowerCase(),
      nameTr: values.nameTr,
      nameEn: values.nameEn,
      countries: list(values.countries),
      postalPrefixes: list(values.postalPrefixes),
      chargesTax: values.chargesTax === "on",
      position: integerOf(values.position),
    },
    locale,
  );
  // A list's messages ("postalPrefixes.2") belong to its one box.
  if (!parsed.ok) return invalid(locale, boxFields(parsed.fields), values);
  let zone: Awaited<ReturnType<typeof saveZone>>;
  try {
    zone = await saveZone(getDb(), id, parsed.data, locale);
  } catch (error) {
    return failure(error, "Saving a shipping zone", values);
  }
  revalidatePath("/admin/shipping");
  revalidatePath("/admin/taxes");
  // A new zone opens on its own page, where its methods are added.
  if (id === null) redirect(zonePath(zone.id));
  revalidatePath(zonePath(zone.id));
  return { ok: pricing(locale)("zones.saved", { code: zone.code }) };
}

export async function deleteZoneAction(_state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const id = idOf(formData, "id");
  await requireStaffActor(id ? zonePath(id) : "/admin/shipping");
  const locale = await currentLocale();
  if (formData.get("confirm") !== "yes") {
    return invalid(locale, { confirm: pricing(locale)("zones.confirmRequired") });
  }
  try {
    if (id === null) throw new Error("zone form without an id");
    await deleteZone(getDb(), id);
  } catch (error) {
    return failure(error, "Deleting a shipping zone");
  }
  revalidatePath("/admin/shipping");
  revalidatePath("/admin/taxes");
  redirect("/admin/shipping");
}

export async function saveMethodAction(_state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const zoneId = idOf(formData, "zoneId");
  const id = idOf(formData, "id");
  await requireStaffActor(zoneId ? zonePath(zoneId) : "/admin/shipping");
  const locale = await currentLocale();
  const t = pricing(locale);
  const values: Record<string, string> = {
    code: text(formData, "code"),
    nameTr: text(formData, "nameTr"),
    nameEn: text(formData, "nameEn"),
    carrier: text(formData, "carrier"),
    etaMinDays: text(formData, "etaMinDays"),
    etaMaxDays: text(formData, "etaMaxDays"),
    freeThreshold: text(formData, "freeThreshold"),
    extraPerKg: text(formData, "extraPerKg"),
    active: formData.get("active") === "on" ? "on" : "",
  };
  const fields: Record<string, string> = {};
  const money = (name: string) => {
    const value = minorOf(values[name] ?? "");
    if (value === null) fields[name] = admin(locale)("orders.refund.invalidAmount");
    return value;
  };
  // The table's rows in page order; blank rows are left out, `rows` maps a bracket back to its row.
  const weights = formData.getAll("maxKg").map((v) => String(v).trim());
  const prices = formData.getAll("ratePrice").map((v) => String(v).trim());
  const rates: { maxGrams: number; price: number }[] = [];
  const rows: number[] = [];
  weights.forEach((weight, row) => {
    const price = prices[row] ?? "";
    values[`maxKg.${row}`] = weight;
    values[`ratePrice.${row}`] = price;
    if (weight === "" && price === "") return;
    const grams = gramsOf(weight);
    const amount = minorOf(price);
    if (grams === null || grams === undefined || grams < 1) fields[`rate.${row}`] = t("validation.weight");
    else if (amount === null || amount === undefined) {
      fields[`rate.${row}`] = admin(locale)("orders.refund.invalidAmount");
    } else {
      rates.push({ maxGrams: grams, price: amount });
      rows.push(row);
    }
  });
  const input = {
    zoneId: zoneId ?? 0,
    code: values.code,
    nameTr: values.nameTr,
    nameEn: values.nameEn,
    carrier: values.carrier,
    etaMinDays: integerOf(values.etaMinDays ?? ""),
    etaMaxDays: integerOf(values.etaMaxDays ?? ""),
    freeThreshold: money("freeThreshold") ?? null,
    extraPerKg: money("extraPerKg") ?? 0,
    active: values.active === "on",
    rates,
  };
  const parsed = check(methodSchema, input, locale);
  if (!parsed.ok || Object.keys(fields).length > 0) {
    for (const [path, message] of Object.entries(parsed.ok ? {} : parsed.fields)) {
      const bracket = /^rates\.(\d+)\./.exec(path);
      const key = bracket ? `rate.${rows[Number(bracket[1])]}` : path;
      fields[key] ??= message;
    }
    return invalid(locale, fields, values);
  }
  try {
    const method = await saveMethod(getDb(), id, parsed.data, locale);
    revalidatePath(zonePath(parsed.data.zoneId));
    revalidatePath("/admin/shipping");
    return { ok: t("methods.saved", { name: method.nameTr }) };
  } catch (error) {
    return failure(error, "Saving a shipping method", values);
  }
}

export async function setMethodActiveAction(formData: FormData): Promise<void> {
  const zoneId = idOf(formData, "zoneId");
  await requireStaffActor(zoneId ? zonePath(zoneId) : "/admin/shipping");
  const id = idOf(formData, "id");
  if (id === null) return;
  try {
    await setMethodActive(getDb(), id, text(formData, "active") === "true");
  } catch (error) {
    if (!isAppError(error)) log.error({ err: error }, "Switching a shipping method failed");
  }
  if (zoneId) revalidatePath(zonePath(zoneId));
  revalidatePath("/admin/shipping");
}

export async function saveTaxRatesAction(
  _state: AdminFormState,
  formData: FormData,
): Promise<AdminFormState> {
  await requireStaffActor("/admin/taxes");
  const locale = await currentLocale();
  const values = Object.fromEntries(TAX_CLASSES.map((taxClass) => [taxClass, text(formData, taxClass)]));
  const fields: Record<string, string> = {};
  const input: Record<string, number> = {};
  for (const taxClass of TAX_CLASSES) {
    const bp = basisPointsOf(values[taxClass] ?? "");
    if (bp === null || bp > 10_000) fields[taxClass] = pricingText(locale, "percent");
    else input[taxClass] = bp;
  }
  const parsed = check(taxRatesSchema, input, locale);
  if (!parsed.ok || Object.keys(fields).length > 0) {
    return invalid(locale, { ...(parsed.ok ? {} : parsed.fields), ...fields }, values);
  }
  try {
    await saveTaxRates(getDb(), parsed.data);
    revalidatePath("/admin/taxes");
    return { ok: pricing(locale)("taxes.saved") };
  } catch (error) {
    return failure(error, "Saving KDV rates", values);
  }
}

export async function saveFeeAction(_state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  await requireStaffActor("/admin/fees");
  const locale = await currentLocale();
  const values: Record<string, string> = {
    kind: text(formData, "kind"),
    nameTr: text(formData, "nameTr"),
    nameEn: text(formData, "nameEn"),
    amount: text(formData, "amount"),
    minOrder: text(formData, "minOrder"),
    freeAbove: text(formData, "freeAbove"),
    active: formData.get("active") === "on" ? "on" : "",
  };
  const fields: Record<string, string> = {};
  const money = (name: string) => {
    const value = minorOf(values[name] ?? "");
    if (value === null) fields[name] = admin(locale)("orders.refund.invalidAmount");
    return value ?? null;
  };
  const parsed = check(
    feeSchema,
    {
      kind: values.kind,
      nameTr: values.nameTr,
      nameEn: values.nameEn,
      // A blank amount is not "free": the schema asks for one.
      amount: money("amount") ?? undefined,
      minOrder: money("minOrder"),
      freeAbove: money("freeAbove"),
      active: values.active === "on",
    },
    locale,
  );
  if (!parsed.ok || Object.keys(fields).length > 0) {
    return invalid(locale, { ...(parsed.ok ? {} : parsed.fields), ...fields }, values);
  }
  try {
    const fee = await saveFee(getDb(), parsed.data);
    revalidatePath("/admin/fees");
    return { ok: pricing(locale)("fees.saved", { name: locale === "tr" ? fee.nameTr : fee.nameEn }) };
  } catch (error) {
    return failure(error, "Saving a fee rule", values);
  }
}

/** `countries.1` → `countries`: the form has one box per list. */
function boxFields(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) out[path.split(".")[0] ?? path] ??= message;
  return out;
}
