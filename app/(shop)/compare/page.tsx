import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { toggleCompareAction } from "@/app/actions/compare";
import { SubmitButton } from "@/components/forms/SubmitButton";
import { ProductThumb } from "@/components/product/ProductThumb";
import { COMPARE_MAX } from "@/lib/compare/schemas";
import { compareFound, rowDiffers } from "@/lib/compare/service";
import { readCompareList } from "@/lib/compare/session";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { errorMessage } from "@/lib/http";
import { currentLocale } from "@/lib/i18n/server";
import { formatMoney } from "@/lib/money";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("compare");
  return { title: t("title"), robots: { index: false } };
}

interface Row {
  key: string;
  name: string;
  values: (string | null)[];
}

/**
 * The visitor's compare list (the signed cookie's) side by side: brand, category, price, stock and the
 * variants' attributes in rows, the rows where products differ highlighted (and said so to screen
 * readers). "Only differences" is a link (`?only=differences`), so the page stays server-rendered.
 */
export default async function ComparePage({
  searchParams,
}: {
  searchParams: Promise<{ only?: string; full?: string }>;
}) {
  const [t, locale, slugs, query] = await Promise.all([
    getTranslations("compare"),
    currentLocale(),
    readCompareList(),
    searchParams,
  ]);
  // Products taken off sale since they were added are left out.
  const { products, attributes } = await compareFound(getDb(), slugs, locale);
  const onlyDifferences = query.only === "differences";
  const money = (amount: number) => formatMoney(amount, env().STORE_CURRENCY, locale);
  const rows: Row[] = [
    { key: "brand", name: t("brand"), values: products.map((p) => p.brand) },
    { key: "category", name: t("category"), values: products.map((p) => p.category) },
    { key: "price", name: t("price"), values: products.map((p) => money(p.priceFrom)) },
    {
      key: "stock",
      name: t("stock"),
      values: products.map((p) => (p.inStock ? t("inStock") : t("soldOut"))),
    },
    ...attributes.map((row) => ({ key: `attribute:${row.name}`, ...row })),
  ];
  const shown = rows.filter((row) => !onlyDifferences || rowDiffers(row.values));
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <Link href="/products" className="text-sm text-brand-700 underline">
          {t("back")}
        </Link>
      </div>
      {query.full && (
        <p role="status" className="rounded-md bg-amber-100 px-3 py-2 text-sm text-amber-900">
          {errorMessage("COMPARE_FULL", locale, { max: COMPARE_MAX })}
        </p>
      )}
      {products.length === 0 ? (
        <p className="text-stone-600">
          {t("empty")}{" "}
          <Link href="/products" className="text-brand-700 underline">
            {t("browse")}
          </Link>
        </p>
      ) : (
        <>
          <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-stone-600">
            <p>
              {t("intro", { max: COMPARE_MAX })} {products.length > 1 && t("differsNote")}
            </p>
            {products.length > 1 && (
              <Link
                href={onlyDifferences ? "/compare" : "/compare?only=differences"}
                className="text-brand-700 underline"
                data-testid="compare-only-differences"
              >
                {onlyDifferences ? t("showAll") : t("onlyDifferences")}
              </Link>
            )}
          </div>
          <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
            <table className="w-full border-collapse text-sm" data-testid="compare-table">
              <caption className="sr-only">{t("caption")}</caption>
              <thead>
                <tr className="border-b border-stone-200 align-top">
                  <th scope="col" className="sticky left-0 z-10 w-36 bg-white p-3 text-left font-medium">
                    {t("feature")}
                  </th>
                  {products.map((product) => (
                    <th
                      key={product.slug}
                      scope="col"
                      className="min-w-44 p-3 text-left font-medium"
                      data-testid="compare-product"
                    >
                      <div className="flex flex-col gap-2">
                        <ProductThumb src={product.image} size="line" />
                        <Link
                          href={`/products/${product.slug}`}
                          className="text-stone-900 hover:text-brand-700"
                        >
                          {product.name}
                        </Link>
                        <form action={toggleCompareAction}>
                          <input type="hidden" name="slug" value={product.slug} />
                          <input type="hidden" name="intent" value="remove" />
                          <SubmitButton look="small" aria-label={t("removeNamed", { name: product.name })}>
                            {t("remove")}
                          </SubmitButton>
                        </form>
                      </div>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {shown.map((row) => {
                  const differs = products.length > 1 && rowDiffers(row.values);
                  return (
                    <tr
                      key={row.key}
                      data-testid="compare-row"
                      data-differs={differs}
                      className={`border-b border-stone-100 last:border-0 ${differs ? "bg-amber-100" : ""}`}
                    >
                      <th
                        scope="row"
                        className={`sticky left-0 z-10 p-3 text-left font-medium ${differs ? "bg-amber-100" : "bg-white"}`}
                      >
                        {row.name}
                        {differs && (
                          <>
                            <span aria-hidden="true" className="ml-1 text-amber-800">
                              ≠
                            </span>
                            <span className="sr-only"> ({t("differs")})</span>
                          </>
                        )}
                      </th>
                      {row.values.map((value, index) => (
                        <td key={products[index]?.slug} className="p-3 text-stone-800">
                          {value ?? t("none")}
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {onlyDifferences && shown.length === 0 && <p className="text-stone-600">{t("noDifferences")}</p>}
        </>
      )}
    </div>
  );
}
