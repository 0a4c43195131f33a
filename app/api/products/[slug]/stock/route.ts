import { getProductStock } from "@/lib/catalog";
import { productSlugSchema } from "@/lib/catalog/schemas";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http";

/** Live stock for the cached product page, read after load: never cached anywhere. */
export const GET = route<{ slug: string }>(async (_request, { params }) => {
  const slug = productSlugSchema.safeParse(params.slug);
  const variants = slug.success ? await getProductStock(slug.data) : null;
  if (!variants) throw new AppError("PRODUCT_NOT_FOUND", { slug: params.slug });
  return json({ variants }, { headers: { "cache-control": "no-store" } });
});
