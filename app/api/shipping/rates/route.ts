import { priceCart } from "@/lib/cart/service";
import { readCartId } from "@/lib/cart/session";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { json, parseQuery, route } from "@/lib/http";
import { destinationSchema } from "@/lib/shipping/schemas";

/** Options for the current cart (its weight and value after discounts), cheapest first. */
export const GET = route(async (request, { locale }) => {
  const destination = parseQuery(destinationSchema, request, locale);
  const priced = await priceCart(getDb(), await readCartId(), {
    destination,
    shippingMethod: null,
    paymentMethod: null,
    locale,
  });
  if (priced.shippingProblem === "NO_SHIPPING_TO_ADDRESS") {
    throw new AppError("NO_SHIPPING_TO_ADDRESS", { country: destination.country });
  }
  return json({ options: priced.shippingOptions });
});
