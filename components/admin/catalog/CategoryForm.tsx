"use client";

import { useTranslations } from "next-intl";
import { deleteCategoryAction, saveCategoryAction } from "@/app/actions/admin-catalog";
import { Field, NameFields, Select, WholeNumberField } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { type Option, Options } from "@/components/forms/Options";
import { SubmitButton } from "@/components/forms/SubmitButton";
import type { AdminCategory } from "@/lib/catalog/categories";
import type { Constraints } from "@/lib/forms/parse";
import { DeleteButton } from "./DeleteButton";

/** A new category, or an existing one's names, slug, parent and sort order. */
export function CategoryForm({
  category,
  parents,
  constraints,
}: {
  category?: AdminCategory;
  parents: Option[];
  constraints?: Constraints;
}) {
  const t = useTranslations("adminCatalog.categories");
  const values = category
    ? {
        slug: category.slug,
        nameTr: category.name.tr,
        nameEn: category.name.en,
        parentId: category.parentId ? String(category.parentId) : "",
        position: String(category.position),
      }
    : { position: "0" };
  return (
    <Form
      action={saveCategoryAction}
      values={values}
      constraints={constraints}
      hidden={category ? { id: category.id } : undefined}
      idPrefix={`category-${category?.id ?? "new"}`}
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5"
      outcomeClassName="sm:col-span-2 lg:col-span-5"
      testId={category ? `category-${category.slug}` : "category-new"}
    >
      <NameFields labels={{ tr: t("nameTr"), en: t("nameEn") }} maxLength={120} />
      <Field name="slug" label={t("slug")} required maxLength={120} autoComplete="off" />
      <Select name="parentId" label={t("parent")}>
        <Options
          empty={t("topLevel")}
          options={parents.filter((option) => option.value !== String(category?.id))}
        />
      </Select>
      <WholeNumberField name="position" label={t("position")} min={0} />
      <div className="flex flex-wrap gap-2 sm:col-span-2 lg:col-span-5">
        <SubmitButton>{category ? t("save") : t("create")}</SubmitButton>
        {category && <DeleteButton action={deleteCategoryAction} label={t("delete")} />}
      </div>
    </Form>
  );
}
