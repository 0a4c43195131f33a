import { clientIp } from "@/lib/auth/ip";
import { getCurrentUser } from "@/lib/auth/session";
import { productSlugSchema } from "@/lib/catalog/schemas";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { json, parseJson, route } from "@/lib/http";
import { hit } from "@/lib/rate-limit";
import { stockAlertSchema } from "@/lib/stock-alerts/schemas";
import { SUBSCRIBE_LIMIT, subscribe } from "@/lib/stock-alerts/service";

/**
 * `POST /api/products/{slug}/stock-alerts {sku, email?}` → 201: "Gelince haber ver" on a sold-out variant.
 * Signed in: the account's email (a given one is ignored); a guest must give one. 400, 404, 409 IN_STOCK, 429.
 */
export const POST = route<{ slug: string }>(async (request, { params, locale }) => {
  const input = await parseJson(stockAlertSchema, request, locale);
  const user = await getCurrentUser();
  const email = user?.email ?? input.email;
  if (!email) {
    throw new AppError("VALIDATION_FAILED", { fields: { email: { key: "forms.required" } } });
  }
  await hit(getDb(), "stock_alerts", clientIp(request.headers), SUBSCRIBE_LIMIT);
  const slug = productSlugSchema.safeParse(params.slug);
  if (!slug.success) throw new AppError("PRODUCT_NOT_FOUND", { slug: params.slug });
  await subscribe(getDb(), slug.data, input.sku, { email: email.toLowerCase(), locale, userId: user?.id });
  return json({ subscribed: { sku: input.sku } }, { status: 201 });
});
