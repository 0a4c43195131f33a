"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { shopperAction } from "@/lib/actions/action";
import { clientIp } from "@/lib/auth/ip";
import { ensureCartOwner } from "@/lib/cart/session";
import { checkoutFormField, checkoutFormSchema } from "@/lib/checkout/schemas";
import { checkoutOnce, retryPayment } from "@/lib/checkout/service";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { canViewOrder, rememberOrder } from "@/lib/orders/access";
import { findOrder } from "@/lib/orders/service";
import type { PaymentSession } from "@/lib/payments/provider";

/**
 * Where the shopper goes once the order exists: iyzico's payment page (3-D Secure there), or the order
 * page, which shows PayTR's payment page in an iframe, Stripe's Payment Element, or the offline
 * payment instructions.
 */
function paymentPage(orderNo: string, payment: PaymentSession | { provider: "manual" }): string {
  return payment.provider === "iyzico" && payment.paymentPageUrl
    ? payment.paymentPageUrl
    : `/orders/${orderNo}`;
}

/**
 * "Siparişi ver": places the order under the form's Idempotency-Key (fixed when the page was rendered),
 * so a double submit or a retry after a lost answer gives the same order. A refusal (PRICE_CHANGED,
 * OUT_OF_STOCK…) comes back to the form in the shopper's language.
 */
export const placeOrderAction = shopperAction(
  { schema: checkoutFormSchema, fields: checkoutFormField },
  async ({ key, checkout }, { locale }) => {
    const { cartId, userId } = await ensureCartOwner();
    const buyerIp = clientIp(await headers());
    const { body: result } = await checkoutOnce(getDb(), { cartId, userId, checkout, locale, buyerIp, key });
    await rememberOrder(result.order.orderNo);
    return { redirect: paymentPage(result.order.orderNo, result.payment) };
  },
);

/** "Ödemeyi yeniden dene" on the order page of a failed card payment, with the provider the shopper picked. */
export const retryPaymentAction = shopperAction(
  { schema: z.object({ orderNo: z.string().max(40), provider: z.string().max(20).optional() }) },
  async ({ orderNo, provider }) => {
    const order = await findOrder(getDb(), orderNo);
    if (!order || !(await canViewOrder(order))) throw new AppError("ORDER_NOT_FOUND");
    const session = await retryPayment(getDb(), orderNo, new Date(), {
      buyerIp: clientIp(await headers()),
      provider,
    });
    return { redirect: paymentPage(orderNo, session) };
  },
);
