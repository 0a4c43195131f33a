"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { AdminFormState } from "@/app/actions/admin";
import { addVariantAction, updateVariantAction } from "@/app/actions/admin-catalog";
import { Field } from "@/components/account/Field";
import { majorInput } from "@/components/admin/PricingForms";
import type { AdminVariant } from "@/lib/catalog/products";
import { Checkbox, Outcome, primaryButton, TextArea } from "./fields";

const attributeLines = (attributes: Record<string, string>) =>
  Object.entries(attributes)
    .map(([name, value]) => `${name}: ${value}`)
    .join("\n");

/**
 * One variant's name, attributes, price, parcel and sale switch; without `variant` it adds one (with no
 * stock). Stock itself is set on the inventory page, linked from here.
 */
export function VariantForm({
  productId,
  variant,
  currency,
}: {
  productId: number;
  variant?: AdminVariant;
  currency: string;
}) {
  const t = useTranslations("adminCatalog.variants");
  const [state, action, pending] = useActionState<AdminFormState, FormData>(
    variant ? updateVariantAction : addVariantAction,
    {},
  );
  const refill = state.ok ? undefined : state.values;
  const stored: Record<string, string> = variant
    ? {
        nameTr: variant.name.tr,
        nameEn: variant.name.en,
        attributes: attributeLines(variant.attributes),
        price: majorInput(variant.price, currency),
        weightGrams: String(variant.weightGrams),
        lengthCm: String(variant.lengthCm),
        widthCm: String(variant.widthCm),
        heightCm: String(variant.heightCm),
      }
    : { lengthCm: "10", widthCm: "10", heightCm: "10" };
  const value = (name: string) => refill?.[name] ?? stored[name] ?? "";
  const error = (name: string) => state.fields?.[name];
  // Several variant forms share the page: ids carry the SKU (or "new") to stay unique.
  const idOf = (name: string) => `variant-${variant?.sku ?? "new"}-${name}`;
  const number = (name: string, label: string, min = 1) => (
    <Field
      id={idOf(name)}
      name={name}
      label={label}
      type="number"
      min={min}
      inputMode="numeric"
      required
      defaultValue={value(name)}
      error={error(name)}
    />
  );
  return (
    <form
      action={action}
      noValidate
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4"
      data-testid={variant ? `variant-${variant.sku}` : "variant-new"}
      key={JSON.stringify(state)}
    >
      <input type="hidden" name="productId" value={productId} />
      {variant ? (
        <div className="flex flex-col gap-1 sm:col-span-2 lg:col-span-4">
          <input type="hidden" name="sku" value={variant.sku} />
          <p className="text-sm text-stone-600">
            {t("stock", { onHand: variant.onHand, available: variant.available })} ·{" "}
            <Link href={`/admin/inventory/${encodeURIComponent(variant.sku)}`} className="underline">
              {t("manageStock")}
            </Link>
          </p>
        </div>
      ) : (
        <Field
          id={idOf("sku")}
          name="sku"
          label={t("sku")}
          required
          maxLength={64}
          autoComplete="off"
          defaultValue={value("sku")}
          error={error("sku")}
        />
      )}
      <Field
        id={idOf("nameTr")}
        name="nameTr"
        label={t("nameTr")}
        maxLength={120}
        defaultValue={value("nameTr")}
        error={error("nameTr")}
      />
      <Field
        id={idOf("nameEn")}
        name="nameEn"
        label={t("nameEn")}
        maxLength={120}
        defaultValue={value("nameEn")}
        error={error("nameEn")}
      />
      <Field
        id={idOf("price")}
        name="price"
        label={t("price", { currency })}
        inputMode="decimal"
        required
        defaultValue={value("price")}
        error={error("price")}
      />
      {number("weightGrams", t("weight"))}
      {number("lengthCm", t("length"))}
      {number("widthCm", t("width"))}
      {number("heightCm", t("height"))}
      <TextArea
        id={idOf("attributes")}
        name="attributes"
        label={t("attributes")}
        hint={t("attributesHint")}
        rows={2}
        className="sm:col-span-2"
        defaultValue={value("attributes")}
        error={error("attributes")}
      />
      <div className="flex flex-col justify-end gap-2 sm:col-span-2">
        <Checkbox
          name="active"
          label={t("active")}
          defaultChecked={refill ? refill.active === "on" : (variant?.active ?? true)}
        />
        <div>
          <button type="submit" disabled={pending} className={primaryButton}>
            {variant ? t("save") : t("add")}
          </button>
        </div>
      </div>
      <div className="sm:col-span-2 lg:col-span-4">
        <Outcome error={state.error} ok={state.ok} />
      </div>
    </form>
  );
}
