"use client";

import { useTranslations } from "next-intl";
import { createProductAction, updateProductAction } from "@/app/actions/admin-catalog";
import { Checkbox, Field, Select, TextArea } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { MoneyField } from "@/components/forms/MoneyField";
import { SubmitButton } from "@/components/forms/SubmitButton";
import type { TaxClass } from "@/db/schema";
import type { AdminProduct } from "@/lib/catalog/products";
import type { Constraints } from "@/lib/forms/parse";

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
  constraints,
}: {
  product?: AdminProduct;
  categories: Option[];
  brands: Option[];
  taxClasses: readonly TaxClass[];
  currency: string;
  constraints?: Constraints;
}) {
  const t = useTranslations("adminCatalog.form");
  const variants = useTranslations("adminCatalog.variants");
  const values = product
    ? {
        nameTr: product.name.tr,
        nameEn: product.name.en,
        descriptionTr: product.description.tr,
        descriptionEn: product.description.en,
        slug: product.slug,
        categorySlug: product.category.slug,
        brand: product.brand?.slug ?? "",
        taxClass: product.taxClass,
      }
    : { taxClass: "standard", stock: "0" };
  return (
    <Form
      action={product ? updateProductAction : createProductAction}
      values={values}
      constraints={constraints}
      hidden={product ? { id: product.id } : undefined}
      className="grid gap-3 sm:grid-cols-2"
      outcomeClassName="sm:col-span-2"
      testId="product-form"
    >
      <Field name="nameTr" label={t("nameTr")} required maxLength={200} />
      <Field name="nameEn" label={t("nameEn")} required maxLength={200} />
      <TextArea name="descriptionTr" label={t("descriptionTr")} rows={4} maxLength={5000} />
      <TextArea name="descriptionEn" label={t("descriptionEn")} rows={4} maxLength={5000} />
      <Field name="slug" label={t("slug")} hint={t("slugHint")} required maxLength={120} autoComplete="off" />
      <Select name="categorySlug" label={t("category")}>
        {categories.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </Select>
      <Select name="brand" label={t("brand")}>
        <option value="">{t("noBrand")}</option>
        {brands.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </Select>
      <Select name="taxClass" label={t("taxClass")}>
        {taxClasses.map((taxClass) => (
          <option key={taxClass} value={taxClass}>
            {t(`taxClasses.${taxClass}`)}
          </option>
        ))}
      </Select>
      <div className="flex flex-wrap gap-x-6 sm:col-span-2">
        <Checkbox name="featured" label={t("featured")} defaultChecked={product?.featured} />
        {!product && <Checkbox name="active" label={t("active")} defaultChecked />}
      </div>
      {!product && (
        <fieldset className="grid gap-3 rounded-md border border-stone-200 p-3 sm:col-span-2 sm:grid-cols-4">
          <legend className="px-1 text-sm font-semibold">{t("firstVariant")}</legend>
          <Field name="sku" label={variants("sku")} required maxLength={64} autoComplete="off" />
          <MoneyField name="price" currency={currency} label={variants("price", { currency })} required />
          <Field
            name="weightGrams"
            label={variants("weight")}
            required
            type="number"
            min={1}
            inputMode="numeric"
          />
          <Field name="stock" label={t("stock")} type="number" min={0} inputMode="numeric" />
        </fieldset>
      )}
      <div className="sm:col-span-2">
        <SubmitButton>{product ? t("save") : t("create")}</SubmitButton>
      </div>
    </Form>
  );
}
