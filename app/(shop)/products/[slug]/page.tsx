import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { VariantPicker } from "@/components/product/VariantPicker";
import { getProduct } from "@/lib/catalog";
import { productSlugSchema } from "@/lib/catalog/schemas";
import { env } from "@/lib/env";
import { currentLocale } from "@/lib/i18n/server";

type Params = Promise<{ slug: string }>;
type SearchParams = Promise<{ sku?: string | string[] }>;

async function load(params: Params) {
  const slug = productSlugSchema.safeParse((await params).slug);
  if (!slug.success) notFound();
  const product = await getProduct(slug.data, await currentLocale());
  if (!product) notFound();
  return product;
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const product = await load(params);
  return {
    title: product.name,
    description: product.description.slice(0, 160),
    alternates: { canonical: `/products/${product.slug}` },
    openGraph: { title: product.name, images: product.images.map((image) => image.url) },
  };
}

export default async function ProductPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: SearchParams;
}) {
  const locale = await currentLocale();
  const [product, t, { sku }] = await Promise.all([load(params), getTranslations("product"), searchParams]);
  // ?sku= picks a variant (the picker's links, shareable); otherwise the first one in stock.
  const selected =
    product.variants.find((v) => v.sku === sku) ??
    product.variants.find((v) => v.available > 0) ??
    product.variants[0];
  const image = product.images[0];
  return (
    <article className="grid gap-8 md:grid-cols-2">
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
        <VariantPicker
          variants={product.variants.map(({ sku, name, attributes, price, available }) => ({
            sku,
            name,
            attributes,
            price,
            available,
          }))}
          initialSku={selected?.sku ?? ""}
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
      </div>
    </article>
  );
}
