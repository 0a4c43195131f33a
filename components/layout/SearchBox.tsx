import { getTranslations } from "next-intl/server";
import { Frame } from "@/components/forms/Frame";
import { env } from "@/lib/env";
import type { Locale } from "@/lib/i18n/locale";
import { SearchSuggest } from "./SearchSuggest";

/** The header's search: a form to the results page, with suggestions as one types (SearchSuggest). */
export async function SearchBox({ defaultValue, locale }: { defaultValue?: string; locale: Locale }) {
  const t = await getTranslations("search");
  return (
    <search className="w-full max-w-md">
      <form action="/products" method="get" className="flex w-full">
        <Frame id="site-search" name="q" label={t("label")} hideLabel className="w-full">
          <SearchSuggest
            id="site-search"
            name="q"
            defaultValue={defaultValue}
            placeholder={t("placeholder")}
            maxLength={100}
            locale={locale}
            currency={env().STORE_CURRENCY}
            texts={{
              products: t("products"),
              categories: t("categories"),
              brands: t("brands"),
              queries: t("queries"),
            }}
            className="w-full rounded-l-md border border-stone-300 bg-white px-3 py-2 text-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30"
          />
        </Frame>
        <button
          type="submit"
          className="rounded-r-md bg-brand-700 px-4 text-sm font-medium text-white hover:bg-brand-800"
        >
          {t("submit")}
        </button>
      </form>
    </search>
  );
}
