import { clientIp } from "@/lib/auth/ip";
import { productSlugSchema } from "@/lib/catalog/schemas";
import { AppError } from "@/lib/errors";
import { json, parseJson, route } from "@/lib/http";
import { stockAlertSchema } from "@/lib/stock-alerts/schemas";
import { subscribeVisitor } from "@/lib/stock-alerts/subscribe";

/**
 * `POST /api/products/{slug}/stock-alerts {sku, email?}` → 201: "Gelince haber ver" on a sold-out variant.
 * Signed in: the account's email (a given one is ignored); a guest must give one. 400, 404, 409 IN_STOCK, 429.
 */
export const POST = route<{ slug: string }>(async (request, { params, locale }) => {
  const input = await parseJson(stockAlertSchema, request, locale);
  const slug = productSlugSchema.safeParse(params.slug);
  if (!slug.success) throw new AppError("PRODUCT_NOT_FOUND", { slug: params.slug });
  await subscribeVisitor({ ...input, slug: slug.data }, { ip: clientIp(request.headers), locale });
  return json({ subscribed: { sku: input.sku } }, { status: 201 });
});
