import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { type Option, Options } from "@/components/forms/Options";

const fieldLabel = "font-medium text-stone-700";
const control = "rounded-md border border-stone-300 bg-white px-3 py-2";

/**
 * The filter bar above a staff list: a plain GET form (works without JavaScript). It carries the current
 * sort along, so filtering does not reset it; the page goes back to 1.
 */
export async function ListFilters({
  label,
  sort,
  children,
}: {
  label: string;
  sort: string;
  children: ReactNode;
}) {
  const common = await getTranslations("admin.common");
  return (
    <search aria-label={label}>
      <form
        method="get"
        className="flex flex-wrap items-end gap-3 rounded-lg border border-stone-200 bg-white p-3"
      >
        {children}
        <input type="hidden" name="sort" value={sort} />
        <button type="submit" className="rounded-md bg-stone-900 px-4 py-2 text-sm font-medium text-white">
          {common("apply")}
        </button>
      </form>
    </search>
  );
}

/** The list's free-text search, `q`; labelled "Search" unless told otherwise. */
export async function SearchField({
  label,
  value,
  placeholder,
}: {
  label?: string;
  /** What the list is filtered by now. */
  value?: string;
  placeholder?: string;
}) {
  const common = await getTranslations("admin.common");
  return (
    <label className="flex min-w-56 flex-1 flex-col gap-1 text-sm">
      <span className={fieldLabel}>{label ?? common("search")}</span>
      <input
        type="search"
        name="q"
        defaultValue={value ?? ""}
        placeholder={placeholder}
        maxLength={100}
        className={control}
      />
    </label>
  );
}

/** A select whose first option (empty value) means "all". */
export async function SelectField({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  /** What the list is filtered by now. */
  value?: string;
  options: Option[];
}) {
  const common = await getTranslations("admin.common");
  return (
    <label className="flex flex-col gap-1 text-sm">
      <span className={fieldLabel}>{label}</span>
      <select name={name} defaultValue={value ?? ""} className={control}>
        <Options empty={common("all")} options={options} />
      </select>
    </label>
  );
}

export function CheckboxField({ name, label, checked }: { name: string; label: string; checked: boolean }) {
  return (
    <label className="flex items-center gap-2 py-2 text-sm">
      <input type="checkbox" name={name} value="true" defaultChecked={checked} className="size-4" />
      {label}
    </label>
  );
}
