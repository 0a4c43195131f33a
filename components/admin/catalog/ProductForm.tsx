"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { AdminFormState } from "@/app/actions/admin";
import { createProductAction, updateProductAction } from "@/app/actions/admin-catalog";
import { Field } from "@/components/account/Field";
import type { TaxClass } from "@/db/schema";
import type { AdminProduct } from "@/lib/catalog/products";
import { Checkbox, Outcome, primaryButton, Select, TextArea } from "./fields";

export interface Option {
  value: string;
  label: string;
}

/**
 * A product's own fields in both languages. Without `product` it creates one, with its first variant
 * (more variants, images and stock come on the product's page afterwards).
 */
export function ProductForm({
  product,
  categories,
  brands,
  taxClasses,
  currency,
}: {
  product?: AdminProduct;
  categories: Option[];
  brands: Option[];
  taxClasses: readonly TaxClass[];
  currency: string;
}) {
  const t = useTranslations("adminCatalog.form");
  const variants = useTranslations("adminCatalog.variants");
  const [state, action, pending] = useActionState<AdminFormState, FormData>(
    product ? updateProductAction : createProductAction,
    {},
  );
  const refill = state.ok ? undefined : state.values;
  const value = (name: string, stored: string | undefined) => refill?.[name] ?? stored ?? "";
  const error = (name: string) => state.fields?.[name];
  return (
    <form
      action={action}
      noValidate
      className="grid gap-3 sm:grid-cols-2"
      data-testid="product-form"
      key={JSON.stringify(state)}
    >
      {product && <input type="hidden" name="id" value={product.id} />}
      <Field
        name="nameTr"
        label={t("nameTr")}
        required
        maxLength={200}
        defaultValue={value("nameTr", product?.name.tr)}
        error={error("nameTr")}
      />
      <Field
        name="nameEn"
        label={t("nameEn")}
        required
        maxLength={200}
        defaultValue={value("nameEn", product?.name.en)}
        error={error("nameEn")}
      />
      <TextArea
        name="descriptionTr"
        label={t("descriptionTr")}
        rows={4}
        maxLength={5000}
        defaultValue={value("descriptionTr", product?.description.tr)}
        error={error("descriptionTr")}
      />
      <TextArea
        name="descriptionEn"
        label={t("descriptionEn")}
        rows={4}
        maxLength={5000}
        defaultValue={value("descriptionEn", product?.description.en)}
        error={error("descriptionEn")}
      />
      <Field
        name="slug"
        label={t("slug")}
        hint={t("slugHint")}
        required
        maxLength={120}
        autoComplete="off"
        defaultValue={value("slug", product?.slug)}
        error={error("slug")}
      />
      <Select
        name="categorySlug"
        label={t("category")}
        defaultValue={value("categorySlug", product?.category.slug)}
        error={error("categorySlug")}
      >
        {categories.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </Select>
      <Select
        name="brand"
        label={t("brand")}
        defaultValue={value("brand", product?.brand?.slug)}
        error={error("brand")}
      >
        <option value="">{t("noBrand")}</option>
        {brands.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </Select>
      <Select
        name="taxClass"
        label={t("taxClass")}
        defaultValue={value("taxClass", product?.taxClass ?? "standard")}
        error={error("taxClass")}
      >
        {taxClasses.map((taxClass) => (
          <option key={taxClass} value={taxClass}>
            {t(`taxClasses.${taxClass}`)}
          </option>
        ))}
      </Select>
      <div className="flex flex-wrap gap-x-6 sm:col-span-2">
        <Checkbox
          name="featured"
          label={t("featured")}
          defaultChecked={refill ? refill.featured === "on" : product?.featured}
        />
        {!product && (
          <Checkbox
            name="active"
            label={t("active")}
            defaultChecked={refill ? refill.active === "on" : true}
          />
        )}
      </div>
      {!product && (
        <fieldset className="grid gap-3 rounded-md border border-stone-200 p-3 sm:col-span-2 sm:grid-cols-4">
          <legend className="px-1 text-sm font-semibold">{t("firstVariant")}</legend>
          <Field
            name="sku"
            label={variants("sku")}
            required
            maxLength={64}
            autoComplete="off"
            defaultValue={value("sku", "")}
            error={error("sku")}
          />
          <Field
            name="price"
            label={variants("price", { currency })}
            required
            inputMode="decimal"
            defaultValue={value("price", "")}
            error={error("price")}
          />
          <Field
            name="weightGrams"
            label={variants("weight")}
            required
            type="number"
            min={1}
            inputMode="numeric"
            defaultValue={value("weightGrams", "")}
            error={error("weightGrams")}
          />
          <Field
            name="stock"
            label={t("stock")}
            type="number"
            min={0}
            inputMode="numeric"
            defaultValue={value("stock", "0")}
            error={error("stock")}
          />
        </fieldset>
      )}
      <div className="flex flex-col gap-1 sm:col-span-2">
        <div>
          <button type="submit" disabled={pending} className={primaryButton}>
            {product ? t("save") : t("create")}
          </button>
        </div>
        <Outcome error={state.error} ok={state.ok} />
      </div>
    </form>
  );
}
