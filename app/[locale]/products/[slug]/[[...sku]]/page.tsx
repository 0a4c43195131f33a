import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { CompareToggle } from "@/components/compare/CompareToggle";
import { RecentlyViewed, RecordView } from "@/components/product/RecentlyViewed";
import { VariantPicker } from "@/components/product/VariantPicker";
import { ProductJsonLd, RatingBadge, ReviewsSection } from "@/components/reviews/ProductReviews";
import { getProductDetail } from "@/lib/catalog";
import { productSlugSchema } from "@/lib/catalog/schemas";
import { env } from "@/lib/env";
import { segmentLocale } from "@/lib/i18n/server";
import { getProductReviews } from "@/lib/reviews/cached";
import { productJsonLd } from "@/lib/reviews/json-ld";

/**
 * A product page, rendered once per language and variant on first request and served from the cache
 * after that (staff edits revalidate the `catalog` tag). proxy.ts rewrites `/products/<slug>?sku=<sku>`
 * here as `/<locale>/products/<slug>/<sku>`, so the variant links also work without JavaScript. Stock is
 * not part of it: VariantPicker reads it live from /api/products/<slug>/stock.
 */
export const revalidate = 3600;

export function generateStaticParams() {
  return [];
}

type Params = Promise<{ locale: string; slug: string; sku?: string[] }>;

async function load(params: Params) {
  const locale = await segmentLocale(params);
  const slug = productSlugSchema.safeParse((await params).slug);
  if (!slug.success) notFound();
  const product = await getProductDetail(slug.data, locale);
  if (!product) notFound();
  return { locale, product };
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { product } = await load(params);
  return {
    title: product.name,
    description: product.description.slice(0, 160),
    alternates: { canonical: `/products/${product.slug}` },
    openGraph: { title: product.name, images: product.images.map((image) => image.url) },
  };
}

export default async function ProductPage({ params }: { params: Params }) {
  // The locale first: next-intl must know it before any translation is asked for.
  const { locale, product } = await load(params);
  const [t, { sku }, reviews] = await Promise.all([
    getTranslations("product"),
    params,
    getProductReviews(product.slug, { sort: "newest", page: 1 }),
  ]);
  const chosen = product.variants.find((v) => v.sku === sku?.[0]);
  const image = product.images[0];
  const viewed = {
    slug: product.slug,
    name: product.name,
    image: image?.url ?? null,
    price: Math.min(...product.variants.map((variant) => variant.price)),
  };
  return (
    <>
      <article className="grid gap-8 md:grid-cols-2">
        <ProductJsonLd data={productJsonLd(product, reviews, env().STORE_CURRENCY, env().APP_URL)} />
        <div className="overflow-hidden rounded-xl border border-stone-200 bg-white">
          {image && (
            // biome-ignore lint/performance/noImgElement: local SVG illustrations need no optimisation
            <img
              src={image.url}
              alt={image.alt}
              width={600}
              height={600}
              fetchPriority="high"
              className="h-auto w-full"
            />
          )}
        </div>
        <div className="flex flex-col gap-4">
          <nav aria-label={t("breadcrumb")} className="text-sm text-stone-600">
            <Link href={`/products?category=${product.category.slug}`} className="hover:text-brand-700">
              {product.category.name}
            </Link>
            {product.brand && (
              <>
                {" · "}
                <Link href={`/products?brand=${product.brand.slug}`} className="hover:text-brand-700">
                  {product.brand.name}
                </Link>
              </>
            )}
          </nav>
          <h1 className="text-3xl font-semibold tracking-tight">{product.name}</h1>
          <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
            <RatingBadge summary={reviews.summary} locale={locale} />
            <CompareToggle slug={product.slug} />
          </div>
          <VariantPicker
            slug={product.slug}
            variants={product.variants.map(({ sku, name, attributes, price }) => ({
              sku,
              name,
              attributes,
              price,
            }))}
            initialSku={chosen?.sku ?? null}
            currency={env().STORE_CURRENCY}
            locale={locale}
            lowStockThreshold={env().LOW_STOCK_THRESHOLD}
          />
          <p className="text-xs text-stone-500">{t("taxIncluded")}</p>
          <section aria-labelledby="description-heading" className="border-t border-stone-200 pt-4">
            <h2 id="description-heading" className="mb-2 text-lg font-semibold">
              {t("description")}
            </h2>
            <p className="leading-relaxed text-stone-700">{product.description}</p>
          </section>
          <ReviewsSection slug={product.slug} reviews={reviews} sort="newest" locale={locale} />
        </div>
      </article>
      <RecordView product={viewed} />
      <RecentlyViewed exclude={product.slug} currency={env().STORE_CURRENCY} />
    </>
  );
}
