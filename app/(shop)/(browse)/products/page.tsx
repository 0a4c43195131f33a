import type { Metadata } from "next";
import { after } from "next/server";
import { getTranslations } from "next-intl/server";
import { Filters } from "@/components/catalog/Filters";
import { Pagination } from "@/components/catalog/Pagination";
import { ProductCard, ProductGrid } from "@/components/product/ProductCard";
import { getBrands, getCategoryTree, getProductList } from "@/lib/catalog";
import { lenientListQuery } from "@/lib/catalog/schemas";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { currentLocale } from "@/lib/i18n/server";
import { log } from "@/lib/log";
import { recordSearch } from "@/lib/search/popular";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function firstValues(
  params: Record<string, string | string[] | undefined>,
): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
}

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  const t = await getTranslations("listing");
  const query = lenientListQuery(firstValues(await searchParams));
  return { title: query.q ? t("searchTitle", { q: query.q }) : t("title") };
}

export default async function ProductsPage({ searchParams }: { searchParams: SearchParams }) {
  const locale = await currentLocale();
  const raw = firstValues(await searchParams);
  const query = { ...lenientListQuery(raw), limit: env().CATALOG_PAGE_SIZE };
  const [t, result, categories, brands] = await Promise.all([
    getTranslations("listing"),
    getProductList(query, locale),
    getCategoryTree(locale),
    getBrands(),
  ]);
  // Popular searches count what shoppers search here: once per search that found products, after the answer.
  const searched = query.q;
  if (searched && query.page === 1 && result.total > 0) {
    after(() =>
      recordSearch(getDb(), searched).catch((err: unknown) => log.warn({ err }, "Recording a search failed")),
    );
  }
  const categoryName = categories
    .flatMap((c) => [c, ...c.children])
    .find((c) => c.slug === query.category)?.name;
  const heading = query.q ? t("searchTitle", { q: query.q }) : (categoryName ?? t("title"));
  const pageCount = Math.max(1, Math.ceil(result.total / query.limit));

  return (
    <div className="grid gap-8 md:grid-cols-[15rem_1fr]">
      <aside>
        <Filters query={query} categories={categories} brands={brands} locale={locale} />
      </aside>
      <section aria-labelledby="listing-heading">
        <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
          <h1 id="listing-heading" className="text-2xl font-semibold">
            {heading}
          </h1>
          <p className="text-sm text-stone-600" data-testid="result-count">
            {t("resultCount", { count: result.total })}
          </p>
        </div>
        {result.items.length === 0 ? (
          <p className="rounded-lg border border-dashed border-stone-300 bg-white p-8 text-center text-stone-600">
            {t("empty")}
          </p>
        ) : (
          <ProductGrid>
            {result.items.map((product, index) => (
              <ProductCard
                key={product.slug}
                product={product}
                locale={locale}
                priority={index < 4}
                headingLevel={2}
              />
            ))}
          </ProductGrid>
        )}
        <Pagination
          page={query.page}
          pageCount={pageCount}
          params={{
            q: query.q,
            category: query.category,
            brand: query.brand,
            minPrice: query.minPrice?.toString(),
            maxPrice: query.maxPrice?.toString(),
            sort: query.sort === "newest" ? undefined : query.sort,
          }}
        />
      </section>
    </div>
  );
}
