import { z } from "zod";
import type { Database } from "@/db/client";
import { PAYMENT_METHODS } from "@/db/schema";
import { priceCart } from "@/lib/cart/service";
import { type Cart, type CartTotals, cartTotals } from "@/lib/cart/view";
import type { Locale } from "@/lib/i18n/locale";
import { destinationSchema, shippingMethodSchema } from "@/lib/shipping/schemas";
import type { ShippingOption } from "@/lib/shipping/service";

export interface Preview {
  options: ShippingOption[];
  totals: CartTotals | null;
  /** The cart's codes that apply, with what each takes off. */
  coupons: Cart["coupons"];
  problem: string | null;
}

// What the shopper has typed so far: anything not (yet) valid is left out of the pricing, not refused.
const typed = z.string().max(64).default("");
export const previewInputSchema = z.object({
  country: typed,
  postalCode: typed,
  shippingMethod: typed,
  paymentMethod: typed,
});
export type PreviewInput = z.infer<typeof previewInputSchema>;

/** Live shipping options and totals of a cart for a checkout being filled in (nothing is written). */
export async function previewCheckout(
  db: Database,
  cartId: string | null,
  input: PreviewInput,
  locale: Locale,
): Promise<Preview> {
  const destination = destinationSchema.safeParse({ country: input.country, postalCode: input.postalCode });
  const priced = await priceCart(db, cartId, {
    destination: destination.success ? destination.data : null,
    shippingMethod: shippingMethodSchema.safeParse(input.shippingMethod).success
      ? input.shippingMethod
      : null,
    paymentMethod: (PAYMENT_METHODS as readonly string[]).includes(input.paymentMethod)
      ? input.paymentMethod
      : null,
    locale,
  });
  if (priced.empty) return { options: [], totals: null, coupons: [], problem: null };
  return {
    options: priced.shippingOptions,
    totals: cartTotals(priced),
    coupons: priced.result.coupons,
    problem: destination.success ? priced.shippingProblem : null,
  };
}
