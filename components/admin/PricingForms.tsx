"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import type { AdminFormState } from "@/app/actions/admin";
import {
  deleteZoneAction,
  saveFeeAction,
  saveMethodAction,
  saveTaxRatesAction,
  saveZoneAction,
} from "@/app/actions/admin-pricing";
import { Field, FormMessage } from "@/components/account/Field";
import type { FeeKind, TaxClass } from "@/db/schema";
import { minorUnitFactor } from "@/lib/money";
import type { AdminFee } from "@/lib/pricing/fee-rules";
import type { AdminMethod, AdminZone } from "@/lib/shipping/staff";

/** Minor units as typed in a box: 4990 → "49,90" (no grouping, so it reads back as the same amount). */
export function majorInput(minor: number, currency: string): string {
  const factor = minorUnitFactor(currency);
  if (factor === 1) return String(minor);
  const digits = String(factor).length - 1;
  return `${Math.floor(minor / factor)},${String(minor % factor).padStart(digits, "0")}`;
}

/** A whole number of thousandths as a decimal: 2500 → "2,5", 1000 → "1" (grams → kg, basis points → %). */
function decimalInput(value: number, scale: number): string {
  const whole = Math.floor(value / scale);
  const rest = value % scale;
  if (rest === 0) return String(whole);
  return `${whole},${String(rest)
    .padStart(String(scale).length - 1, "0")
    .replace(/0+$/, "")}`;
}

export const kgInput = (grams: number) => decimalInput(grams, 1000);
export const percentInput = (basisPoints: number) => decimalInput(basisPoints, 100);

const button =
  "rounded-md bg-stone-900 px-4 py-2.5 text-sm font-medium text-white disabled:opacity-60 min-h-11";
const select = "rounded-md border border-stone-300 bg-white px-3 py-2 text-sm min-h-11";

function useForm(action: (state: AdminFormState, formData: FormData) => Promise<AdminFormState>) {
  const [state, run, pending] = useActionState<AdminFormState, FormData>(action, {});
  return { state, run, pending, error: (name: string) => state.fields?.[name] };
}

/** The form's foot: submit, the form-level error and what was done, announced (the settings forms' too). */
export function Footer({
  state,
  pending,
  label,
}: {
  state: AdminFormState;
  pending: boolean;
  label: string;
}) {
  const common = useTranslations("admin.common");
  return (
    <div className="flex flex-col gap-1 sm:col-span-2 lg:col-span-3">
      <div>
        <button type="submit" disabled={pending} className={button}>
          {pending ? common("saving") : label}
        </button>
      </div>
      <FormMessage message={state.error} />
      <p role="status" aria-live="polite" className="min-h-5 text-sm text-emerald-800" data-testid="form-ok">
        {state.ok}
      </p>
    </div>
  );
}

function Checkbox({ name, label, checked }: { name: string; label: string; checked: boolean }) {
  return (
    <label className="flex min-h-11 items-center gap-2 text-sm sm:col-span-2 lg:col-span-3">
      <input type="checkbox" name={name} defaultChecked={checked} className="size-5" />
      {label}
    </label>
  );
}

/** A zone: code, names, the countries it covers and, for Turkey, the provinces; whether KDV is charged. */
export function ZoneForm({ zone }: { zone?: AdminZone }) {
  const t = useTranslations("adminPricing.zones");
  const { state, run, pending, error } = useForm(saveZoneAction);
  const saved: Record<string, string> = zone
    ? {
        code: zone.code,
        nameTr: zone.nameTr,
        nameEn: zone.nameEn,
        countries: zone.countries.join(", "),
        postalPrefixes: zone.postalPrefixes.join(", "),
        chargesTax: zone.chargesTax ? "on" : "",
        position: String(zone.position),
      }
    : { countries: "TR", chargesTax: "on", position: "0" };
  const values = state.ok ? saved : (state.values ?? saved);
  return (
    <form
      action={run}
      noValidate
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3"
      data-testid="zone-form"
      key={JSON.stringify(state)}
    >
      {zone && <input type="hidden" name="id" value={zone.id} />}
      <Field
        name="code"
        label={t("code")}
        hint={t("codeHint")}
        required
        maxLength={40}
        autoComplete="off"
        defaultValue={values.code}
        error={error("code")}
      />
      <Field
        name="nameTr"
        label={t("nameTr")}
        required
        maxLength={120}
        defaultValue={values.nameTr}
        error={error("nameTr")}
      />
      <Field
        name="nameEn"
        label={t("nameEn")}
        required
        maxLength={120}
        defaultValue={values.nameEn}
        error={error("nameEn")}
      />
      <Field
        name="countries"
        label={t("countries")}
        hint={t("countriesHint")}
        required
        autoComplete="off"
        defaultValue={values.countries}
        error={error("countries")}
      />
      <Field
        name="postalPrefixes"
        label={t("provinces")}
        hint={t("provincesHint")}
        inputMode="numeric"
        autoComplete="off"
        defaultValue={values.postalPrefixes}
        error={error("postalPrefixes")}
      />
      <Field
        name="position"
        label={t("position")}
        hint={t("positionHint")}
        type="number"
        min={0}
        inputMode="numeric"
        defaultValue={values.position}
        error={error("position")}
      />
      <Checkbox name="chargesTax" label={t("chargesTax")} checked={values.chargesTax === "on"} />
      <Footer state={state} pending={pending} label={zone ? t("save") : t("create")} />
    </form>
  );
}

/** Deleting a zone takes its methods and rates with it, so it asks for a tick first. */
export function DeleteZoneForm({ zone }: { zone: Pick<AdminZone, "id" | "code"> }) {
  const t = useTranslations("adminPricing.zones");
  const { state, run, pending, error } = useForm(deleteZoneAction);
  return (
    <form action={run} className="flex flex-col gap-2" data-testid="delete-zone-form">
      <input type="hidden" name="id" value={zone.id} />
      <label className="flex min-h-11 items-center gap-2 text-sm">
        <input type="checkbox" name="confirm" value="yes" className="size-5" required />
        {t("confirmDelete", { code: zone.code })}
      </label>
      {error("confirm") && (
        <p className="text-sm text-red-700" data-testid="error-confirm">
          {error("confirm")}
        </p>
      )}
      <div>
        <button
          type="submit"
          disabled={pending}
          className="min-h-11 rounded-md border border-red-700 px-4 py-2 text-sm font-medium text-red-800 hover:bg-red-50 disabled:opacity-60"
        >
          {t("delete")}
        </button>
      </div>
      <FormMessage message={error("confirm") ? undefined : state.error} />
    </form>
  );
}

const METHOD_CODES = ["standard", "express", "same_day"] as const;

/** Rows shown for the rate table: the saved (or typed) brackets and one blank row to add another. */
function rateRows(values: Record<string, string>): { maxKg: string; price: string }[] {
  const rows: { maxKg: string; price: string }[] = [];
  for (let row = 0; `maxKg.${row}` in values; row++) {
    rows.push({ maxKg: values[`maxKg.${row}`] ?? "", price: values[`ratePrice.${row}`] ?? "" });
  }
  return rows;
}

/**
 * A shipping method of a zone with its rate table: each row is a bracket "up to N kg (or desi)", running
 * from the row above it, so the table has no gaps by construction.
 */
export function MethodForm({
  zoneId,
  method,
  currency,
}: {
  zoneId: number;
  method?: AdminMethod;
  currency: string;
}) {
  const t = useTranslations("adminPricing.methods");
  const { state, run, pending, error } = useForm(saveMethodAction);
  const money = (minor: number | null) => (minor === null ? "" : majorInput(minor, currency));
  const saved: Record<string, string> = method
    ? {
        code: method.code,
        nameTr: method.nameTr,
        nameEn: method.nameEn,
        carrier: method.carrier,
        etaMinDays: String(method.etaMinDays),
        etaMaxDays: String(method.etaMaxDays),
        freeThreshold: money(method.freeThreshold),
        extraPerKg: money(method.extraPerKg),
        active: method.active ? "on" : "",
        ...Object.fromEntries(
          method.rates.flatMap((rate, row) => [
            [`maxKg.${row}`, kgInput(rate.maxGrams)],
            [`ratePrice.${row}`, money(rate.price)],
          ]),
        ),
      }
    : { code: "standard", active: "on", extraPerKg: "0" };
  const values = state.ok ? saved : (state.values ?? saved);
  const [rows, setRows] = useState(() => [...rateRows(values), { maxKg: "", price: "" }]);
  const prefix = method ? `method-${method.id}` : `method-new-${zoneId}`;
  return (
    <form
      action={run}
      noValidate
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3"
      data-testid={method ? `method-form-${method.code}` : "method-form-new"}
      key={JSON.stringify(state)}
    >
      <input type="hidden" name="zoneId" value={zoneId} />
      {method && <input type="hidden" name="id" value={method.id} />}
      <div className="flex flex-col gap-1">
        <label htmlFor={`${prefix}-code`} className="text-sm font-medium text-stone-700">
          {t("code")}
        </label>
        <select id={`${prefix}-code`} name="code" defaultValue={values.code} className={select}>
          {METHOD_CODES.map((code) => (
            <option key={code} value={code}>
              {t(`codes.${code}`)}
            </option>
          ))}
        </select>
        {error("code") && (
          <p className="text-sm text-red-700" data-testid="error-code">
            {error("code")}
          </p>
        )}
      </div>
      <Field
        id={`${prefix}-nameTr`}
        name="nameTr"
        label={t("nameTr")}
        required
        maxLength={120}
        defaultValue={values.nameTr}
        error={error("nameTr")}
      />
      <Field
        id={`${prefix}-nameEn`}
        name="nameEn"
        label={t("nameEn")}
        required
        maxLength={120}
        defaultValue={values.nameEn}
        error={error("nameEn")}
      />
      <Field
        id={`${prefix}-carrier`}
        name="carrier"
        label={t("carrier")}
        required
        maxLength={60}
        defaultValue={values.carrier}
        error={error("carrier")}
      />
      <Field
        id={`${prefix}-etaMinDays`}
        name="etaMinDays"
        label={t("etaMinDays")}
        type="number"
        min={0}
        inputMode="numeric"
        required
        defaultValue={values.etaMinDays}
        error={error("etaMinDays")}
      />
      <Field
        id={`${prefix}-etaMaxDays`}
        name="etaMaxDays"
        label={t("etaMaxDays")}
        type="number"
        min={0}
        inputMode="numeric"
        required
        defaultValue={values.etaMaxDays}
        error={error("etaMaxDays")}
      />
      <Field
        id={`${prefix}-freeThreshold`}
        name="freeThreshold"
        label={t("freeThreshold", { currency })}
        hint={t("freeThresholdHint")}
        inputMode="decimal"
        defaultValue={values.freeThreshold}
        error={error("freeThreshold")}
      />
      <Field
        id={`${prefix}-extraPerKg`}
        name="extraPerKg"
        label={t("extraPerKg", { currency })}
        hint={t("extraPerKgHint")}
        inputMode="decimal"
        defaultValue={values.extraPerKg}
        error={error("extraPerKg")}
      />
      <Checkbox name="active" label={t("active")} checked={values.active === "on"} />
      <fieldset className="flex flex-col gap-2 sm:col-span-2 lg:col-span-3">
        <legend className="text-sm font-medium text-stone-700">{t("rates")}</legend>
        <p className="text-xs text-stone-500">{t("ratesHint")}</p>
        {rows.map((row, index) => {
          const from = index === 0 ? "0" : rows[index - 1]?.maxKg || "…";
          const rowError = error(`rate.${index}`);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place in the table
            <div key={index} className="flex flex-wrap items-end gap-2" data-testid={`rate-row-${index}`}>
              <span className="min-w-20 pb-3 text-sm text-stone-600">{t("from", { kg: from })}</span>
              <label className="flex flex-col gap-1 text-sm">
                <span>{t("maxKg")}</span>
                <input
                  name="maxKg"
                  inputMode="decimal"
                  aria-label={t("maxKgRow", { row: index + 1 })}
                  defaultValue={row.maxKg}
                  onChange={(event) => {
                    const next = [...rows];
                    next[index] = { maxKg: event.target.value, price: row.price };
                    setRows(next);
                  }}
                  aria-invalid={rowError ? true : undefined}
                  className={`w-28 rounded-md border px-3 py-2 ${rowError ? "border-red-600" : "border-stone-300"}`}
                />
              </label>
              <label className="flex flex-col gap-1 text-sm">
                <span>{t("price", { currency })}</span>
                <input
                  name="ratePrice"
                  inputMode="decimal"
                  aria-label={t("priceRow", { row: index + 1 })}
                  defaultValue={row.price}
                  onChange={(event) => {
                    const next = [...rows];
                    next[index] = { maxKg: row.maxKg, price: event.target.value };
                    setRows(next);
                  }}
                  aria-invalid={rowError ? true : undefined}
                  className={`w-32 rounded-md border px-3 py-2 ${rowError ? "border-red-600" : "border-stone-300"}`}
                />
              </label>
              {rowError && (
                <p className="w-full text-sm text-red-700" data-testid={`error-rate.${index}`}>
                  {rowError}
                </p>
              )}
            </div>
          );
        })}
        {error("rates") && (
          <p className="text-sm text-red-700" data-testid="error-rates">
            {error("rates")}
          </p>
        )}
        <div>
          <button
            type="button"
            onClick={() => setRows([...rows, { maxKg: "", price: "" }])}
            className="min-h-11 rounded-md border border-stone-300 px-3 py-2 text-sm hover:bg-stone-100"
          >
            {t("addRow")}
          </button>
        </div>
      </fieldset>
      <Footer state={state} pending={pending} label={method ? t("save") : t("create")} />
    </form>
  );
}

const TAX_CLASS_ORDER: TaxClass[] = ["standard", "reduced", "super_reduced", "zero"];

/** KDV per tax class, typed as a percentage (0–100, up to two decimals). */
export function TaxForm({ rates }: { rates: Record<TaxClass, number | null> }) {
  const t = useTranslations("adminPricing.taxes");
  const { state, run, pending, error } = useForm(saveTaxRatesAction);
  const saved = Object.fromEntries(
    TAX_CLASS_ORDER.map((taxClass) => {
      const rate = rates[taxClass];
      return [taxClass, rate === null ? "" : percentInput(rate)];
    }),
  );
  const values = state.ok ? saved : (state.values ?? saved);
  return (
    <form
      action={run}
      noValidate
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4"
      data-testid="tax-form"
      key={JSON.stringify(state)}
    >
      {TAX_CLASS_ORDER.map((taxClass) => (
        <Field
          key={taxClass}
          name={taxClass}
          label={t(`classes.${taxClass}`)}
          hint={t("percentHint")}
          inputMode="decimal"
          required
          defaultValue={values[taxClass]}
          error={error(taxClass)}
        />
      ))}
      <Footer state={state} pending={pending} label={t("save")} />
    </form>
  );
}

/** A fee rule: amount, from which order value it applies, above which it is waived, on or off. */
export function FeeForm({
  kind,
  rule,
  currency,
}: {
  kind: FeeKind;
  rule: AdminFee | null;
  currency: string;
}) {
  const t = useTranslations("adminPricing.fees");
  const { state, run, pending, error } = useForm(saveFeeAction);
  const money = (minor: number | null) => (minor === null ? "" : majorInput(minor, currency));
  const saved: Record<string, string> = rule
    ? {
        nameTr: rule.nameTr,
        nameEn: rule.nameEn,
        amount: money(rule.amount),
        minOrder: money(rule.minOrder),
        freeAbove: money(rule.freeAbove),
        active: rule.active ? "on" : "",
      }
    : { nameTr: t(`defaults.${kind}.tr`), nameEn: t(`defaults.${kind}.en`), active: "on" };
  const values = state.ok ? saved : (state.values ?? saved);
  const id = (name: string) => `fee-${kind}-${name}`;
  return (
    <form
      action={run}
      noValidate
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3"
      data-testid={`fee-form-${kind}`}
      key={JSON.stringify(state)}
    >
      <input type="hidden" name="kind" value={kind} />
      <Field
        id={id("nameTr")}
        name="nameTr"
        label={t("nameTr")}
        required
        maxLength={120}
        defaultValue={values.nameTr}
        error={error("nameTr")}
      />
      <Field
        id={id("nameEn")}
        name="nameEn"
        label={t("nameEn")}
        required
        maxLength={120}
        defaultValue={values.nameEn}
        error={error("nameEn")}
      />
      <Field
        id={id("amount")}
        name="amount"
        label={t("amount", { currency })}
        inputMode="decimal"
        required
        defaultValue={values.amount}
        error={error("amount")}
      />
      <Field
        id={id("minOrder")}
        name="minOrder"
        label={t("minOrder", { currency })}
        hint={t("minOrderHint")}
        inputMode="decimal"
        defaultValue={values.minOrder}
        error={error("minOrder")}
      />
      <Field
        id={id("freeAbove")}
        name="freeAbove"
        label={t("freeAbove", { currency })}
        hint={t("freeAboveHint")}
        inputMode="decimal"
        defaultValue={values.freeAbove}
        error={error("freeAbove")}
      />
      <Checkbox name="active" label={t("active")} checked={values.active === "on"} />
      <Footer state={state} pending={pending} label={t("save")} />
    </form>
  );
}
