import { getCart, setShippingEstimate } from "@/lib/cart/service";
import { ensureCartId } from "@/lib/cart/session";
import { getDb } from "@/lib/db";
import { json, parseJson, route } from "@/lib/http";
import { shippingEstimateSchema } from "@/lib/shipping/schemas";

/** Keeps a shipping estimate on the cart so its totals include shipping and the zone's KDV. */
export const PUT = route(async (request, { locale }) => {
  const estimate = await parseJson(shippingEstimateSchema, request, locale);
  const cartId = await ensureCartId();
  await setShippingEstimate(getDb(), cartId, estimate);
  return json(await getCart(getDb(), cartId, locale));
});
