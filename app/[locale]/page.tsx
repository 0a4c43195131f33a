import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { ProductCard, ProductGrid } from "@/components/product/ProductCard";
import { RecentlyViewed } from "@/components/product/RecentlyViewed";
import { getCategoryTree, getFeaturedProducts } from "@/lib/catalog";
import { env } from "@/lib/env";
import { segmentLocale } from "@/lib/i18n/server";

// Featured cards carry an in-stock flag: the page is rebuilt at most a minute after a change.
export const revalidate = 60;

export default async function HomePage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await segmentLocale(params);
  const [t, featured, categories] = await Promise.all([
    getTranslations("home"),
    getFeaturedProducts(locale, 8),
    getCategoryTree(locale),
  ]);
  return (
    <div className="flex flex-col gap-12">
      <section className="rounded-2xl bg-brand-800 px-6 py-12 text-white sm:px-10">
        <h1 className="max-w-xl text-3xl font-bold tracking-tight sm:text-4xl">{t("heroTitle")}</h1>
        <p className="mt-3 max-w-xl text-brand-100">{t("heroText")}</p>
        <Link
          href="/products"
          className="mt-6 inline-block rounded-md bg-white px-5 py-2.5 text-sm font-semibold text-brand-800 hover:bg-brand-50"
        >
          {t("shopNow")}
        </Link>
      </section>

      <Section id="categories-heading" title={t("categories")}>
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {categories.map((category) => (
            <li key={category.slug}>
              <Link
                href={`/products?category=${category.slug}`}
                className="block rounded-lg border border-stone-200 bg-white px-4 py-5 text-center font-medium hover:border-brand-600 hover:text-brand-700"
              >
                {category.name}
              </Link>
            </li>
          ))}
        </ul>
      </Section>

      <Section id="featured-heading" title={t("featured")}>
        <ProductGrid>
          {featured.items.map((product, index) => (
            <ProductCard key={product.slug} product={product} locale={locale} priority={index < 4} />
          ))}
        </ProductGrid>
      </Section>

      {/* Last, below the featured grid: it appears after hydration without moving anything in view. */}
      <RecentlyViewed currency={env().STORE_CURRENCY} />
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className="mb-4 text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
