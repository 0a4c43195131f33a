"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { type AdminFormState, createCouponAction } from "@/app/actions/admin";
import { updateCouponAction } from "@/app/actions/admin-pricing";
import { Field, FormMessage } from "@/components/account/Field";
import type { AdminCoupon } from "@/lib/coupons/staff";
import { istanbulLocalInput } from "./format";
import { majorInput } from "./PricingForms";

/** The form's boxes filled from a saved code (amounts in major units, times in Istanbul). */
function couponValues(coupon: AdminCoupon, currency: string): Record<string, string> {
  const amount = (minor: number | null) => (minor === null ? "" : majorInput(minor, currency));
  return {
    code: coupon.code,
    type: coupon.type,
    percent: coupon.type === "percent" ? String(coupon.value) : "",
    amount: coupon.type === "fixed" ? amount(coupon.value) : "",
    startsAt: coupon.startsAt ? istanbulLocalInput(coupon.startsAt) : "",
    expiresAt: coupon.expiresAt ? istanbulLocalInput(coupon.expiresAt) : "",
    usageLimit: coupon.usageLimit === null ? "" : String(coupon.usageLimit),
    perCustomerLimit: coupon.perCustomerLimit === null ? "" : String(coupon.perCustomerLimit),
    minOrder: amount(coupon.minOrder),
    maxDiscount: amount(coupon.maxDiscount),
    skus: coupon.appliesTo.skus.join(", "),
    categories: coupon.appliesTo.categories.join(", "),
    stackable: coupon.stackable ? "on" : "",
  };
}

/**
 * A new discount code, or (given `coupon`) the terms of an existing one; the boxes follow the chosen type
 * (percent, fixed amount, free shipping).
 */
export function CouponForm({ currency, coupon }: { currency: string; coupon?: AdminCoupon }) {
  const t = useTranslations("admin.coupons");
  const saveText = useTranslations("adminPricing.coupons");
  const [state, action, pending] = useActionState<AdminFormState, FormData>(
    coupon ? updateCouponAction : createCouponAction,
    {},
  );
  const saved = coupon ? couponValues(coupon, currency) : {};
  const values = state.ok ? saved : (state.values ?? saved);
  const [type, setType] = useState(values.type || "percent");
  const error = (name: string) => state.fields?.[name];
  return (
    <form
      action={action}
      noValidate
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3"
      data-testid="coupon-form"
      key={JSON.stringify(state)}
    >
      {coupon && <input type="hidden" name="id" value={coupon.id} />}
      <Field
        name="code"
        label={t("code")}
        hint={t("codeHint")}
        required
        maxLength={32}
        autoComplete="off"
        className="uppercase"
        defaultValue={values.code}
        error={error("code")}
      />
      <div className="flex flex-col gap-1">
        <label htmlFor="coupon-type" className="text-sm font-medium text-stone-700">
          {t("type")}
        </label>
        <select
          id="coupon-type"
          name="type"
          value={type}
          onChange={(event) => setType(event.target.value)}
          className="rounded-md border border-stone-300 bg-white px-3 py-2 text-sm"
        >
          {(["percent", "fixed", "free_shipping"] as const).map((kind) => (
            <option key={kind} value={kind}>
              {t(`types.${kind}`)}
            </option>
          ))}
        </select>
      </div>
      {type === "percent" && (
        <Field
          name="percent"
          label={t("percent")}
          type="number"
          min={1}
          max={100}
          inputMode="numeric"
          required
          defaultValue={values.percent}
          error={error("percent")}
        />
      )}
      {type === "fixed" && (
        <Field
          name="amount"
          label={t("amount", { currency })}
          inputMode="decimal"
          required
          defaultValue={values.amount}
          error={error("amount")}
        />
      )}
      {type === "free_shipping" && <div aria-hidden="true" />}
      <Field
        name="startsAt"
        label={t("startsAt")}
        type="datetime-local"
        defaultValue={values.startsAt}
        error={error("startsAt")}
      />
      <Field
        name="expiresAt"
        label={t("expiresAt")}
        type="datetime-local"
        defaultValue={values.expiresAt}
        error={error("expiresAt")}
      />
      <Field
        name="usageLimit"
        label={t("usageLimit")}
        hint={t("unlimitedHint")}
        type="number"
        min={1}
        inputMode="numeric"
        defaultValue={values.usageLimit}
        error={error("usageLimit")}
      />
      <Field
        name="perCustomerLimit"
        label={t("perCustomerLimit")}
        hint={t("unlimitedHint")}
        type="number"
        min={1}
        inputMode="numeric"
        defaultValue={values.perCustomerLimit}
        error={error("perCustomerLimit")}
      />
      <Field
        name="minOrder"
        label={t("minOrder", { currency })}
        inputMode="decimal"
        defaultValue={values.minOrder}
        error={error("minOrder")}
      />
      {type === "percent" && (
        <Field
          name="maxDiscount"
          label={t("maxDiscount", { currency })}
          inputMode="decimal"
          defaultValue={values.maxDiscount}
          error={error("maxDiscount")}
        />
      )}
      <Field
        name="skus"
        label={t("skus")}
        hint={t("listHint")}
        autoComplete="off"
        defaultValue={values.skus}
        error={error("skus")}
      />
      <Field
        name="categories"
        label={t("categories")}
        hint={t("listHint")}
        autoComplete="off"
        defaultValue={values.categories}
        error={error("categories")}
      />
      <label className="flex items-center gap-2 text-sm sm:col-span-2 lg:col-span-3">
        <input
          type="checkbox"
          name="stackable"
          defaultChecked={values.stackable === "on"}
          className="size-4"
        />
        {t("stackable")}
      </label>
      <div className="flex flex-col gap-1 sm:col-span-2 lg:col-span-3">
        <div>
          <button
            type="submit"
            disabled={pending}
            className="rounded-md bg-stone-900 px-4 py-2 text-sm font-medium text-white disabled:opacity-60"
          >
            {coupon ? saveText("save") : t("create")}
          </button>
        </div>
        <FormMessage message={state.error} />
        <p role="status" aria-live="polite" className="min-h-5 text-sm text-emerald-800">
          {state.ok}
        </p>
      </div>
    </form>
  );
}
