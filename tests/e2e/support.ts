import type { APIRequestContext } from "@playwright/test";

export interface ApiVariant {
  sku: string;
  name: string;
  attributes: Record<string, string>;
  price: number;
  available: number;
}
export interface ApiProduct {
  slug: string;
  name: string;
  variants: ApiVariant[];
}

/** Every active product with its variants, read through the public API. */
export async function allProducts(request: APIRequestContext): Promise<ApiProduct[]> {
  const list = await (await request.get("/api/products?limit=100")).json();
  return Promise.all(
    list.items.map(async (item: { slug: string }) =>
      (await request.get(`/api/products/${item.slug}`)).json(),
    ),
  );
}

/**
 * The `pick`-th product with at least `variants` variants that each have `minAvailable` units free.
 * Tests that change stock use different picks, so tests running side by side never share a product.
 */
export async function productWithStock(
  request: APIRequestContext,
  variants: number,
  minAvailable: number,
  pick: number,
) {
  const products = await allProducts(request);
  const found = products.filter(
    (p) => p.variants.filter((v) => v.available >= minAvailable).length >= variants,
  )[pick];
  if (!found) throw new Error(`no product with ${variants} variants of ${minAvailable}+ units`);
  return { ...found, variants: found.variants.filter((v) => v.available >= minAvailable) };
}
