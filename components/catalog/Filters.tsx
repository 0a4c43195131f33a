import { getTranslations } from "next-intl/server";
import { Frame } from "@/components/forms/Frame";
import { Options } from "@/components/forms/Options";
import type { CategoryNode } from "@/lib/catalog/queries";
import type { ListQuery } from "@/lib/catalog/schemas";
import { env } from "@/lib/env";
import type { Locale } from "@/lib/i18n/locale";
import { formatMoney, minorUnitFactor } from "@/lib/money";

/** Price steps offered in the filter, in major units of the store currency. */
const PRICE_STEPS = [250, 500, 1000, 2500, 5000];

const selectClass =
  "w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30";

/** A plain GET form: filtering and sorting work without JavaScript and every state has a shareable URL. */
export async function Filters({
  query,
  categories,
  brands,
  locale,
}: {
  query: ListQuery;
  categories: CategoryNode[];
  brands: { slug: string; name: string }[];
  locale: Locale;
}) {
  const t = await getTranslations("listing");
  const currency = env().STORE_CURRENCY;
  const factor = minorUnitFactor(currency);
  const prices = PRICE_STEPS.map((major) => ({
    value: String(major * factor),
    label: formatMoney(major * factor, currency, locale),
  }));
  return (
    <form action="/products" method="get" className="flex flex-col gap-4" aria-label={t("filters")}>
      {query.q && <input type="hidden" name="q" value={query.q} />}
      <Frame id="filter-category" name="category" label={t("category")}>
        <select
          id="filter-category"
          name="category"
          defaultValue={query.category ?? ""}
          className={selectClass}
        >
          <option value="">{t("allCategories")}</option>
          {categories.map((category) => (
            <optgroup key={category.slug} label={category.name}>
              <option value={category.slug}>{category.name}</option>
              {category.children.map((child) => (
                <option key={child.slug} value={child.slug}>
                  {child.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </Frame>
      <Frame id="filter-brand" name="brand" label={t("brand")}>
        <select id="filter-brand" name="brand" defaultValue={query.brand ?? ""} className={selectClass}>
          <Options
            empty={t("allBrands")}
            options={brands.map(({ slug, name }) => ({ value: slug, label: name }))}
          />
        </select>
      </Frame>
      <div className="grid grid-cols-2 gap-2">
        {(
          [
            ["min", "minPrice", query.minPrice],
            ["max", "maxPrice", query.maxPrice],
          ] as const
        ).map(([id, name, value]) => (
          <Frame key={name} id={`filter-${id}`} name={name} label={t(name)}>
            <select
              id={`filter-${id}`}
              name={name}
              defaultValue={value?.toString() ?? ""}
              className={selectClass}
            >
              <Options empty={t("any")} options={prices} />
            </select>
          </Frame>
        ))}
      </div>
      <Frame id="filter-sort" name="sort" label={t("sort")}>
        <select id="filter-sort" name="sort" defaultValue={query.sort} className={selectClass}>
          {query.q && <option value="relevance">{t("sortRelevance")}</option>}
          <option value="newest">{t("sortNewest")}</option>
          <option value="price_asc">{t("sortPriceAsc")}</option>
          <option value="price_desc">{t("sortPriceDesc")}</option>
        </select>
      </Frame>
      <button
        type="submit"
        className="rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800"
      >
        {t("apply")}
      </button>
    </form>
  );
}
