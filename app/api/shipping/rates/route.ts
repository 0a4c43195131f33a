import { cartCouponRecords, priceLines } from "@/lib/cart/pricing";
import { readCart } from "@/lib/cart/service";
import { readCartId } from "@/lib/cart/session";
import { priceableLines } from "@/lib/cart/view";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { json, parseQuery, route } from "@/lib/http";
import { destinationSchema } from "@/lib/shipping/schemas";

/** Options for the current cart (its weight and value after discounts), cheapest first. */
export const GET = route(async (request, { locale }) => {
  const destination = parseQuery(destinationSchema, request, locale);
  const cartId = await readCartId();
  const lines = cartId ? priceableLines((await readCart(getDb(), cartId)).lines) : [];
  const priced = await priceLines(getDb(), {
    lines,
    coupons: cartId ? await cartCouponRecords(getDb(), cartId, { userId: null, email: null }) : [],
    destination,
    shippingMethod: null,
    paymentMethod: null,
    giftWrap: false,
    locale,
  });
  if (priced.shippingProblem === "NO_SHIPPING_TO_ADDRESS") {
    throw new AppError("NO_SHIPPING_TO_ADDRESS", { country: destination.country });
  }
  return json({ options: priced.shippingOptions });
});
