"use client";

import { useTranslations } from "next-intl";
import { deleteBrandAction, saveBrandAction } from "@/app/actions/admin-catalog";
import { Field } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import type { AdminBrand } from "@/lib/catalog/brands";
import type { Constraints } from "@/lib/forms/parse";
import { DeleteButton } from "./DeleteButton";

/** A new brand, or an existing one's name and slug (deleting only while no product carries it). */
export function BrandForm({ brand, constraints }: { brand?: AdminBrand; constraints?: Constraints }) {
  const t = useTranslations("adminCatalog.brands");
  return (
    <Form
      action={saveBrandAction}
      values={brand ? { name: brand.name, slug: brand.slug } : {}}
      constraints={constraints}
      hidden={brand ? { id: brand.id } : undefined}
      idPrefix={`brand-${brand?.id ?? "new"}`}
      className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-start"
      outcomeClassName="sm:col-span-3"
      testId={brand ? `brand-${brand.slug}` : "brand-new"}
    >
      <Field name="name" label={t("name")} required maxLength={120} />
      <Field name="slug" label={t("slug")} required maxLength={120} autoComplete="off" />
      <div className="flex flex-wrap gap-2 sm:pt-6">
        <SubmitButton>{brand ? t("save") : t("create")}</SubmitButton>
        {brand && <DeleteButton action={deleteBrandAction} label={t("delete")} />}
      </div>
    </Form>
  );
}
