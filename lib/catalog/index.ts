import "server-only";
import { unstable_cache } from "next/cache";
import { getDb } from "@/lib/db";
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locale";
import { availability, brandList, categoryTree, findProduct, listProducts } from "./queries";
import { type ListQuery, listQuerySchema } from "./schemas";

/** Tag of every cached catalogue read; staff edits call revalidateTag(CATALOG_TAG). */
export const CATALOG_TAG = "catalog";

// Listings carry an in-stock flag, so they also expire after a minute on their own.
export const getProductList = unstable_cache(
  (query: ListQuery, locale: Locale) => listProducts(getDb(), query, locale),
  ["catalog:list"],
  { tags: [CATALOG_TAG], revalidate: 60 },
);

export const getFeaturedProducts = unstable_cache(
  (locale: Locale, limit: number) =>
    listProducts(getDb(), listQuerySchema.parse({ limit }), locale, { featuredOnly: true }),
  ["catalog:featured"],
  { tags: [CATALOG_TAG], revalidate: 60 },
);

/** The catalogue part of a product page, without stock (statically rendered pages use this alone). */
export const getProductDetail = unstable_cache(
  (slug: string, locale: Locale) => findProduct(getDb(), slug, locale),
  ["catalog:product"],
  { tags: [CATALOG_TAG], revalidate: 3600 },
);

export const getCategoryTree = unstable_cache(
  (locale: Locale) => categoryTree(getDb(), locale),
  ["catalog:categories"],
  { tags: [CATALOG_TAG], revalidate: 3600 },
);

export const getBrands = unstable_cache(() => brandList(getDb()), ["catalog:brands"], {
  tags: [CATALOG_TAG],
  revalidate: 3600,
});

export type ProductWithStock = NonNullable<Awaited<ReturnType<typeof getProduct>>>;

/** A product with each variant's available quantity read live (stock is never served from cache). */
export async function getProduct(slug: string, locale: Locale) {
  const product = await getProductDetail(slug, locale);
  if (!product) return null;
  const stock = await availability(
    getDb(),
    product.variants.map((v) => v.id),
  );
  return {
    ...product,
    variants: product.variants.map((variant) => ({ ...variant, available: stock.get(variant.id) ?? 0 })),
  };
}

/** Just the live stock of a product's variants (the product page fetches it after load), or null. */
export async function getProductStock(slug: string): Promise<{ sku: string; available: number }[] | null> {
  const product = await getProduct(slug, DEFAULT_LOCALE);
  return product?.variants.map(({ sku, available }) => ({ sku, available })) ?? null;
}
