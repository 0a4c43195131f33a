"use client";

import { useTranslations } from "next-intl";
import { type ReactNode, useState } from "react";
import {
  deleteZoneAction,
  saveFeeAction,
  saveMethodAction,
  saveTaxRatesAction,
  saveZoneAction,
} from "@/app/actions/admin-pricing";
import { Checkbox, Field, NameFields, Select, WholeNumberField } from "@/components/forms/Field";
import { Form, useFormContext } from "@/components/forms/Form";
import { FieldError } from "@/components/forms/Frame";
import { MoneyField, majorInput } from "@/components/forms/MoneyField";
import { Options } from "@/components/forms/Options";
import { SubmitButton } from "@/components/forms/SubmitButton";
import type { FeeKind, TaxClass } from "@/db/schema";
import type { Constraints } from "@/lib/forms/parse";
import type { AdminFee } from "@/lib/pricing/fee-rules";
import { CARRIER_NAMES } from "@/lib/shipping/carriers/carrier";
import type { AdminMethod, AdminZone } from "@/lib/shipping/staff";

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

const grid = "grid gap-3 sm:grid-cols-2 lg:grid-cols-3";
const wide = "sm:col-span-2 lg:col-span-3";

/** The pricing forms' submit button, across the grid. */
function Save({ children }: { children: ReactNode }) {
  const common = useTranslations("admin.common");
  return (
    <div className={wide}>
      <SubmitButton className="min-h-11" pendingLabel={common("saving")}>
        {children}
      </SubmitButton>
    </div>
  );
}

/** A zone: code, names, the countries it covers and, for Turkey, the provinces; whether KDV is charged. */
export function ZoneForm({ zone, constraints }: { zone?: AdminZone; constraints?: Constraints }) {
  const t = useTranslations("adminPricing.zones");
  const values = zone
    ? {
        code: zone.code,
        nameTr: zone.nameTr,
        nameEn: zone.nameEn,
        countries: zone.countries.join(", "),
        postalPrefixes: zone.postalPrefixes.join(", "),
        position: String(zone.position),
      }
    : { countries: "TR", position: "0" };
  return (
    <Form
      action={saveZoneAction}
      values={values}
      constraints={constraints}
      hidden={zone ? { id: zone.id } : undefined}
      className={grid}
      outcomeClassName={wide}
      testId="zone-form"
    >
      <Field name="code" label={t("code")} hint={t("codeHint")} required maxLength={40} autoComplete="off" />
      <NameFields labels={{ tr: t("nameTr"), en: t("nameEn") }} maxLength={120} />
      <Field name="countries" label={t("countries")} hint={t("countriesHint")} required autoComplete="off" />
      <Field
        name="postalPrefixes"
        label={t("provinces")}
        hint={t("provincesHint")}
        inputMode="numeric"
        autoComplete="off"
      />
      <WholeNumberField name="position" label={t("position")} hint={t("positionHint")} min={0} />
      <Checkbox
        className={wide}
        name="chargesTax"
        label={t("chargesTax")}
        defaultChecked={zone?.chargesTax ?? true}
      />
      <Save>{zone ? t("save") : t("create")}</Save>
    </Form>
  );
}

/** Deleting a zone takes its methods and rates with it, so it asks for a tick first. */
export function DeleteZoneForm({ zone }: { zone: Pick<AdminZone, "id" | "code"> }) {
  const t = useTranslations("adminPricing.zones");
  return (
    <Form
      action={deleteZoneAction}
      hidden={{ id: zone.id }}
      className="flex flex-col gap-2"
      testId="delete-zone-form"
    >
      <Checkbox name="confirm" value="yes" label={t("confirmDelete", { code: zone.code })} />
      <div>
        <SubmitButton look="danger" className="min-h-11">
          {t("delete")}
        </SubmitButton>
      </div>
    </Form>
  );
}

const METHOD_CODES = ["standard", "express", "same_day"] as const;

type Row = { maxKg: string; price: string };

/** The rate table's rows as saved, or as typed when the submit was refused; one blank row to add another. */
function useRows(saved: Row[]): [Row[], (rows: Row[]) => void] {
  const { state } = useFormContext();
  const typed = state.status === "error" ? state.values : undefined;
  const initial: Row[] = [];
  if (typed) {
    // A table of one row is sent as one value, of several as `maxKg.0`, `maxKg.1`…
    if ("maxKg" in typed) initial.push({ maxKg: typed.maxKg ?? "", price: typed.ratePrice ?? "" });
    for (let row = 0; `maxKg.${row}` in typed; row++) {
      initial.push({ maxKg: typed[`maxKg.${row}`] ?? "", price: typed[`ratePrice.${row}`] ?? "" });
    }
  } else initial.push(...saved);
  const [rows, setRows] = useState(() => [...initial, { maxKg: "", price: "" }]);
  return [rows, setRows];
}

/**
 * A shipping method of a zone with its rate table: each row is a bracket "up to N kg (or desi)", running
 * from the row above it, so the table has no gaps by construction.
 */
export function MethodForm({
  zoneId,
  method,
  currency,
  constraints,
}: {
  zoneId: number;
  method?: AdminMethod;
  currency: string;
  constraints?: Constraints;
}) {
  const t = useTranslations("adminPricing.methods");
  const values = method
    ? {
        code: method.code,
        nameTr: method.nameTr,
        nameEn: method.nameEn,
        carrier: method.carrier,
        carrierCode: method.carrierCode,
        service: method.service,
        etaMinDays: String(method.etaMinDays),
        etaMaxDays: String(method.etaMaxDays),
        freeThreshold: majorInput(method.freeThreshold, currency),
        extraPerKg: majorInput(method.extraPerKg, currency),
      }
    : { code: "standard", extraPerKg: "0", carrierCode: "simulated", service: "standart" };
  const saved = (method?.rates ?? []).map((rate) => ({
    maxKg: kgInput(rate.maxGrams),
    price: majorInput(rate.price, currency),
  }));
  return (
    <Form
      action={saveMethodAction}
      values={values}
      constraints={constraints}
      hidden={method ? { zoneId, id: method.id } : { zoneId }}
      idPrefix={method ? `method-${method.id}` : `method-new-${zoneId}`}
      className={grid}
      outcomeClassName={wide}
      testId={method ? `method-form-${method.code}` : "method-form-new"}
    >
      <Select name="code" label={t("code")}>
        <Options options={METHOD_CODES.map((code) => ({ value: code, label: t(`codes.${code}`) }))} />
      </Select>
      <NameFields labels={{ tr: t("nameTr"), en: t("nameEn") }} maxLength={120} />
      <Field name="carrier" label={t("carrier")} required maxLength={60} />
      <Select name="carrierCode" label={t("carrierCode")}>
        <Options options={CARRIER_NAMES.map((code) => ({ value: code, label: t(`carrierCodes.${code}`) }))} />
      </Select>
      <Field name="service" label={t("service")} required maxLength={60} hint={t("serviceHint")} />
      <WholeNumberField name="etaMinDays" label={t("etaMinDays")} min={0} required />
      <WholeNumberField name="etaMaxDays" label={t("etaMaxDays")} min={0} required />
      <MoneyField
        name="freeThreshold"
        currency={currency}
        label={t("freeThreshold", { currency })}
        hint={t("freeThresholdHint")}
      />
      <MoneyField
        name="extraPerKg"
        currency={currency}
        label={t("extraPerKg", { currency })}
        hint={t("extraPerKgHint")}
      />
      <Checkbox className={wide} name="active" label={t("active")} defaultChecked={method?.active ?? true} />
      <RateTable saved={saved} currency={currency} />
      <Save>{method ? t("save") : t("create")}</Save>
    </Form>
  );
}

function RateTable({ saved, currency }: { saved: Row[]; currency: string }) {
  const t = useTranslations("adminPricing.methods");
  const { state } = useFormContext();
  const [rows, setRows] = useRows(saved);
  const change = (index: number, row: Row) => setRows(rows.map((old, i) => (i === index ? row : old)));
  const box = (error?: string) =>
    `rounded-md border px-3 py-2 ${error ? "border-red-600" : "border-stone-300"}`;
  return (
    <fieldset className={`flex flex-col gap-2 ${wide}`}>
      <legend className="text-sm font-medium text-stone-700">{t("rates")}</legend>
      <p className="text-xs text-stone-500">{t("ratesHint")}</p>
      {rows.map((row, index) => {
        const from = index === 0 ? "0" : rows[index - 1]?.maxKg || "…";
        const error = state.fields?.[`rate.${index}`];
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place in the table
          <div key={index} className="flex flex-wrap items-end gap-2" data-testid={`rate-row-${index}`}>
            <span className="min-w-20 pb-3 text-sm text-stone-600">{t("from", { kg: from })}</span>
            {(["maxKg", "price"] as const).map((part) => (
              <label key={part} className="flex flex-col gap-1 text-sm">
                <span>{part === "maxKg" ? t("maxKg") : t("price", { currency })}</span>
                <input
                  name={part === "maxKg" ? "maxKg" : "ratePrice"}
                  inputMode="decimal"
                  aria-label={t(part === "maxKg" ? "maxKgRow" : "priceRow", { row: index + 1 })}
                  value={row[part]}
                  onChange={(event) => change(index, { ...row, [part]: event.target.value })}
                  aria-invalid={error ? true : undefined}
                  className={`${part === "maxKg" ? "w-28" : "w-32"} ${box(error)}`}
                />
              </label>
            ))}
            <div className="w-full">
              <FieldError name={`rate.${index}`} error={error} />
            </div>
          </div>
        );
      })}
      <FieldError name="rates" error={state.fields?.rates} />
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
  );
}

const TAX_CLASS_ORDER: TaxClass[] = ["standard", "reduced", "super_reduced", "zero"];

/** KDV per tax class, typed as a percentage (0–100, up to two decimals). */
export function TaxForm({ rates }: { rates: Record<TaxClass, number | null> }) {
  const t = useTranslations("adminPricing.taxes");
  const values = Object.fromEntries(
    TAX_CLASS_ORDER.map((taxClass) => [
      taxClass,
      rates[taxClass] === null ? "" : percentInput(rates[taxClass]),
    ]),
  );
  return (
    <Form
      action={saveTaxRatesAction}
      values={values}
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4"
      outcomeClassName="sm:col-span-2 lg:col-span-4"
      testId="tax-form"
    >
      {TAX_CLASS_ORDER.map((taxClass) => (
        <Field
          key={taxClass}
          name={taxClass}
          label={t(`classes.${taxClass}`)}
          hint={t("percentHint")}
          inputMode="decimal"
          required
        />
      ))}
      <Save>{t("save")}</Save>
    </Form>
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
  const values = rule
    ? { nameTr: rule.nameTr, nameEn: rule.nameEn }
    : { nameTr: t(`defaults.${kind}.tr`), nameEn: t(`defaults.${kind}.en`) };
  return (
    <Form
      action={saveFeeAction}
      values={values}
      hidden={{ kind }}
      idPrefix={`fee-${kind}`}
      className={grid}
      outcomeClassName={wide}
      testId={`fee-form-${kind}`}
    >
      <NameFields labels={{ tr: t("nameTr"), en: t("nameEn") }} maxLength={120} />
      <MoneyField
        name="amount"
        currency={currency}
        amount={rule?.amount}
        label={t("amount", { currency })}
        required
      />
      <MoneyField
        name="minOrder"
        currency={currency}
        amount={rule?.minOrder}
        label={t("minOrder", { currency })}
        hint={t("minOrderHint")}
      />
      <MoneyField
        name="freeAbove"
        currency={currency}
        amount={rule?.freeAbove}
        label={t("freeAbove", { currency })}
        hint={t("freeAboveHint")}
      />
      <Checkbox className={wide} name="active" label={t("active")} defaultChecked={rule?.active ?? true} />
      <Save>{t("save")}</Save>
    </Form>
  );
}
