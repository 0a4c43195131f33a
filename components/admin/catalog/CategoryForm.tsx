"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { AdminFormState } from "@/app/actions/admin";
import { deleteCategoryAction, saveCategoryAction } from "@/app/actions/admin-catalog";
import { Field } from "@/components/account/Field";
import type { AdminCategory } from "@/lib/catalog/categories";
import { Outcome, primaryButton, Select, secondaryButton } from "./fields";
import type { Option } from "./ProductForm";

/** A new category, or an existing one's names, slug, parent and sort order. */
export function CategoryForm({ category, parents }: { category?: AdminCategory; parents: Option[] }) {
  const t = useTranslations("adminCatalog.categories");
  const [state, action, pending] = useActionState<AdminFormState, FormData>(saveCategoryAction, {});
  const refill = state.ok ? undefined : state.values;
  const stored: Record<string, string> = category
    ? {
        slug: category.slug,
        nameTr: category.name.tr,
        nameEn: category.name.en,
        parentId: category.parentId ? String(category.parentId) : "",
        position: String(category.position),
      }
    : { position: "0" };
  const value = (name: string) => refill?.[name] ?? stored[name] ?? "";
  const error = (name: string) => state.fields?.[name];
  const idOf = (name: string) => `category-${category?.id ?? "new"}-${name}`;
  return (
    <form
      action={action}
      noValidate
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5"
      data-testid={category ? `category-${category.slug}` : "category-new"}
      key={JSON.stringify(state)}
    >
      {category && <input type="hidden" name="id" value={category.id} />}
      <Field
        id={idOf("nameTr")}
        name="nameTr"
        label={t("nameTr")}
        required
        maxLength={120}
        defaultValue={value("nameTr")}
        error={error("nameTr")}
      />
      <Field
        id={idOf("nameEn")}
        name="nameEn"
        label={t("nameEn")}
        required
        maxLength={120}
        defaultValue={value("nameEn")}
        error={error("nameEn")}
      />
      <Field
        id={idOf("slug")}
        name="slug"
        label={t("slug")}
        required
        maxLength={120}
        autoComplete="off"
        defaultValue={value("slug")}
        error={error("slug")}
      />
      <Select
        id={idOf("parentId")}
        name="parentId"
        label={t("parent")}
        defaultValue={value("parentId")}
        error={error("parentId")}
      >
        <option value="">{t("topLevel")}</option>
        {parents
          .filter((option) => option.value !== String(category?.id))
          .map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
      </Select>
      <Field
        id={idOf("position")}
        name="position"
        label={t("position")}
        type="number"
        min={0}
        inputMode="numeric"
        defaultValue={value("position")}
        error={error("position")}
      />
      <div className="flex flex-col gap-1 sm:col-span-2 lg:col-span-5">
        <div className="flex flex-wrap gap-2">
          <button type="submit" disabled={pending} className={primaryButton}>
            {category ? t("save") : t("create")}
          </button>
          {category && <DeleteButton action={deleteCategoryAction} id={category.id} label={t("delete")} />}
        </div>
        <Outcome error={state.error} ok={state.ok} />
      </div>
    </form>
  );
}

/**
 * Deleting submits the row's id to its own action (formAction); its refusal ("still holds 3 products")
 * is shown beside the button.
 */
export function DeleteButton({
  action,
  id,
  label,
}: {
  action: (state: AdminFormState, formData: FormData) => Promise<AdminFormState>;
  id: number;
  label: string;
}) {
  const [state, formAction, pending] = useActionState<AdminFormState, FormData>(action, {});
  return (
    <span className="flex flex-wrap items-center gap-2">
      <button
        type="submit"
        name="id"
        value={id}
        formAction={formAction}
        formNoValidate
        disabled={pending}
        className={`${secondaryButton} text-red-800`}
      >
        {label}
      </button>
      {state.error && (
        <span role="alert" className="text-sm text-red-700" data-testid="delete-error">
          {state.error}
        </span>
      )}
    </span>
  );
}
