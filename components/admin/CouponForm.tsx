"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { createCouponAction } from "@/app/actions/admin";
import { updateCouponAction } from "@/app/actions/admin-pricing";
import { Checkbox, Field, Select, WholeNumberField } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { MoneyField, majorInput } from "@/components/forms/MoneyField";
import { SubmitButton } from "@/components/forms/SubmitButton";
import type { AdminCoupon } from "@/lib/coupons/staff";
import type { Constraints } from "@/lib/forms/parse";
import { istanbulLocalInput } from "./format";

/** The form's boxes filled from a saved code (amounts in major units, times in Istanbul). */
function couponValues(coupon: AdminCoupon, currency: string): Record<string, string> {
  return {
    code: coupon.code,
    type: coupon.type,
    percent: coupon.type === "percent" ? String(coupon.value) : "",
    amount: coupon.type === "fixed" ? majorInput(coupon.value, currency) : "",
    startsAt: coupon.startsAt ? istanbulLocalInput(coupon.startsAt) : "",
    expiresAt: coupon.expiresAt ? istanbulLocalInput(coupon.expiresAt) : "",
    usageLimit: coupon.usageLimit === null ? "" : String(coupon.usageLimit),
    perCustomerLimit: coupon.perCustomerLimit === null ? "" : String(coupon.perCustomerLimit),
    minOrder: majorInput(coupon.minOrder, currency),
    maxDiscount: majorInput(coupon.maxDiscount, currency),
    skus: coupon.appliesTo.skus.join(", "),
    categories: coupon.appliesTo.categories.join(", "),
  };
}

/**
 * A new discount code, or (given `coupon`) the terms of an existing one; the boxes follow the chosen type
 * (percent, fixed amount, free shipping).
 */
export function CouponForm({
  currency,
  coupon,
  constraints,
}: {
  currency: string;
  coupon?: AdminCoupon;
  constraints?: Constraints;
}) {
  const t = useTranslations("admin.coupons");
  const saveText = useTranslations("adminPricing.coupons");
  const [type, setType] = useState(coupon?.type ?? "percent");
  return (
    <Form
      action={coupon ? updateCouponAction : createCouponAction}
      values={coupon ? couponValues(coupon, currency) : {}}
      constraints={constraints}
      hidden={coupon ? { id: coupon.id } : undefined}
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3"
      outcomeClassName="sm:col-span-2 lg:col-span-3"
      testId="coupon-form"
    >
      <Field
        name="code"
        label={t("code")}
        hint={t("codeHint")}
        required
        maxLength={32}
        autoComplete="off"
        className="uppercase"
      />
      <Select
        id="coupon-type"
        name="type"
        label={t("type")}
        value={type}
        onChange={(event) => setType(event.target.value as typeof type)}
      >
        {(["percent", "fixed", "free_shipping"] as const).map((kind) => (
          <option key={kind} value={kind}>
            {t(`types.${kind}`)}
          </option>
        ))}
      </Select>
      {type === "percent" && (
        <WholeNumberField name="percent" label={t("percent")} min={1} max={100} required />
      )}
      {type === "fixed" && (
        <MoneyField name="amount" currency={currency} label={t("amount", { currency })} required />
      )}
      {type === "free_shipping" && <div aria-hidden="true" />}
      <Field name="startsAt" label={t("startsAt")} type="datetime-local" />
      <Field name="expiresAt" label={t("expiresAt")} type="datetime-local" />
      <WholeNumberField name="usageLimit" label={t("usageLimit")} hint={t("unlimitedHint")} min={1} />
      <WholeNumberField
        name="perCustomerLimit"
        label={t("perCustomerLimit")}
        hint={t("unlimitedHint")}
        min={1}
      />
      <MoneyField name="minOrder" currency={currency} label={t("minOrder", { currency })} />
      {type === "percent" && (
        <MoneyField name="maxDiscount" currency={currency} label={t("maxDiscount", { currency })} />
      )}
      <Field name="skus" label={t("skus")} hint={t("listHint")} autoComplete="off" />
      <Field name="categories" label={t("categories")} hint={t("listHint")} autoComplete="off" />
      <Checkbox
        className="sm:col-span-2 lg:col-span-3"
        name="stackable"
        label={t("stackable")}
        defaultChecked={coupon?.stackable}
      />
      <div className="sm:col-span-2 lg:col-span-3">
        <SubmitButton>{coupon ? saveText("save") : t("create")}</SubmitButton>
      </div>
    </Form>
  );
}
