"use client";

import { useTranslations } from "next-intl";
import { createProductAction, updateProductAction } from "@/app/actions/admin-catalog";
import { Checkbox, Field, NameFields, Select, TextArea, WholeNumberField } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { MoneyField } from "@/components/forms/MoneyField";
import { type Option, Options } from "@/components/forms/Options";
import { SubmitButton } from "@/components/forms/SubmitButton";
import type { TaxClass } from "@/db/schema";
import type { AdminProduct } from "@/lib/catalog/products";
import type { Constraints } from "@/lib/forms/parse";

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
      <NameFields labels={{ tr: t("nameTr"), en: t("nameEn") }} maxLength={200} />
      <TextArea name="descriptionTr" label={t("descriptionTr")} rows={4} maxLength={5000} />
      <TextArea name="descriptionEn" label={t("descriptionEn")} rows={4} maxLength={5000} />
      <Field name="slug" label={t("slug")} hint={t("slugHint")} required maxLength={120} autoComplete="off" />
      <Select name="categorySlug" label={t("category")}>
        <Options options={categories} />
      </Select>
      <Select name="brand" label={t("brand")}>
        <Options empty={t("noBrand")} options={brands} />
      </Select>
      <Select name="taxClass" label={t("taxClass")}>
        <Options
          options={taxClasses.map((taxClass) => ({ value: taxClass, label: t(`taxClasses.${taxClass}`) }))}
        />
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
          <WholeNumberField name="weightGrams" label={variants("weight")} required min={1} />
          <WholeNumberField name="stock" label={t("stock")} min={0} />
        </fieldset>
      )}
      <div className="sm:col-span-2">
        <SubmitButton>{product ? t("save") : t("create")}</SubmitButton>
      </div>
    </Form>
  );
}
