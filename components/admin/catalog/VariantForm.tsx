"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { addVariantAction, updateVariantAction } from "@/app/actions/admin-catalog";
import { Checkbox, Field, NameFields, TextArea, WholeNumberField } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { MoneyField, majorInput } from "@/components/forms/MoneyField";
import { SubmitButton } from "@/components/forms/SubmitButton";
import type { AdminVariant } from "@/lib/catalog/products";
import type { Constraints } from "@/lib/forms/parse";

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
  constraints,
}: {
  productId: number;
  variant?: AdminVariant;
  currency: string;
  constraints?: Constraints;
}) {
  const t = useTranslations("adminCatalog.variants");
  const values = variant
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
  const number = (name: string, label: string) => (
    <WholeNumberField name={name} label={label} min={1} required />
  );
  return (
    <Form
      action={variant ? updateVariantAction : addVariantAction}
      values={values}
      constraints={constraints}
      hidden={variant ? { productId, sku: variant.sku } : { productId }}
      // Several variant forms share the page: ids carry the SKU (or "new") to stay unique.
      idPrefix={`variant-${variant?.sku ?? "new"}`}
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4"
      outcomeClassName="sm:col-span-2 lg:col-span-4"
      testId={variant ? `variant-${variant.sku}` : "variant-new"}
    >
      {variant ? (
        <p className="text-sm text-stone-600 sm:col-span-2 lg:col-span-4">
          {t("stock", { onHand: variant.onHand, available: variant.available })} ·{" "}
          <Link href={`/admin/inventory/${encodeURIComponent(variant.sku)}`} className="underline">
            {t("manageStock")}
          </Link>
        </p>
      ) : (
        <Field name="sku" label={t("sku")} required maxLength={64} autoComplete="off" />
      )}
      <NameFields labels={{ tr: t("nameTr"), en: t("nameEn") }} maxLength={120} required={false} />
      <MoneyField name="price" currency={currency} label={t("price", { currency })} required />
      {number("weightGrams", t("weight"))}
      {number("lengthCm", t("length"))}
      {number("widthCm", t("width"))}
      {number("heightCm", t("height"))}
      <TextArea
        name="attributes"
        label={t("attributes")}
        hint={t("attributesHint")}
        rows={2}
        className="sm:col-span-2"
      />
      <div className="flex flex-col justify-end gap-2 sm:col-span-2">
        <Checkbox name="active" label={t("active")} defaultChecked={variant?.active ?? true} />
        <div>
          <SubmitButton>{variant ? t("save") : t("add")}</SubmitButton>
        </div>
      </div>
    </Form>
  );
}
