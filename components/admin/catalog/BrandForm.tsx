"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { AdminFormState } from "@/app/actions/admin";
import { deleteBrandAction, saveBrandAction } from "@/app/actions/admin-catalog";
import { Field } from "@/components/account/Field";
import type { AdminBrand } from "@/lib/catalog/brands";
import { DeleteButton } from "./CategoryForm";
import { Outcome, primaryButton } from "./fields";

/** A new brand, or an existing one's name and slug (deleting only while no product carries it). */
export function BrandForm({ brand }: { brand?: AdminBrand }) {
  const t = useTranslations("adminCatalog.brands");
  const [state, action, pending] = useActionState<AdminFormState, FormData>(saveBrandAction, {});
  const refill = state.ok ? undefined : state.values;
  const value = (name: "slug" | "name") => refill?.[name] ?? brand?.[name] ?? "";
  const idOf = (name: string) => `brand-${brand?.id ?? "new"}-${name}`;
  return (
    <form
      action={action}
      noValidate
      className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-start"
      data-testid={brand ? `brand-${brand.slug}` : "brand-new"}
      key={JSON.stringify(state)}
    >
      {brand && <input type="hidden" name="id" value={brand.id} />}
      <Field
        id={idOf("name")}
        name="name"
        label={t("name")}
        required
        maxLength={120}
        defaultValue={value("name")}
        error={state.fields?.name}
      />
      <Field
        id={idOf("slug")}
        name="slug"
        label={t("slug")}
        required
        maxLength={120}
        autoComplete="off"
        defaultValue={value("slug")}
        error={state.fields?.slug}
      />
      <div className="flex flex-wrap gap-2 sm:pt-6">
        <button type="submit" disabled={pending} className={primaryButton}>
          {brand ? t("save") : t("create")}
        </button>
        {brand && <DeleteButton action={deleteBrandAction} id={brand.id} label={t("delete")} />}
      </div>
      <div className="sm:col-span-3">
        <Outcome error={state.error} ok={state.ok} />
      </div>
    </form>
  );
}
