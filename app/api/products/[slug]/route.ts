import { getProduct } from "@/lib/catalog";
import { productSlugSchema } from "@/lib/catalog/schemas";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http";

export const GET = route<{ slug: string }>(async (_request, { params, locale }) => {
  const slug = productSlugSchema.safeParse(params.slug);
  const product = slug.success ? await getProduct(slug.data, locale) : null;
  if (!product) throw new AppError("PRODUCT_NOT_FOUND", { slug: params.slug });
  return json({
    slug: product.slug,
    name: product.name,
    description: product.description,
    brand: product.brand,
    category: product.category,
    images: product.images,
    variants: product.variants.map(({ sku, name, attributes, price, available }) => ({
      sku,
      name,
      attributes,
      price,
      available,
    })),
  });
});
