"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { shopperAction } from "@/lib/actions/action";
import { clientIp } from "@/lib/auth/ip";
import { ensureCartOwner } from "@/lib/cart/session";
import { checkoutSchema, idempotencyKeySchema } from "@/lib/checkout/schemas";
import { type CheckoutResult, checkoutOnce, retryPayment } from "@/lib/checkout/service";
import { getDb } from "@/lib/db";
import { AppError, isAppError, isDatabaseUnavailable } from "@/lib/errors";
import { errorMessage } from "@/lib/http";
import { currentLocale } from "@/lib/i18n/server";
import { log } from "@/lib/log";
import { canViewOrder, rememberOrder } from "@/lib/orders/access";
import { findOrder } from "@/lib/orders/service";
import type { PaymentSession } from "@/lib/payments/provider";
import { fieldErrors } from "@/lib/validation";

export interface CheckoutState {
  error?: string;
  fields?: Record<string, string>;
  totals?: CheckoutResult["order"]["totals"];
}

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

function address(formData: FormData, prefix: string) {
  const field = (name: string) => String(formData.get(`${prefix}.${name}`) ?? "");
  return {
    name: field("name"),
    line1: field("line1"),
    line2: field("line2"),
    district: field("district"),
    city: field("city"),
    postalCode: field("postalCode"),
    country: field("country"),
    phone: field("phone"),
  };
}

/** The checkout form as the API's body (the same schema validates both). */
function checkoutBody(formData: FormData) {
  const expected = formData.get("expectedTotal");
  return {
    email: String(formData.get("email") ?? ""),
    shippingAddress: address(formData, "shipping"),
    billingAddress: formData.get("billingSame") === "on" ? undefined : address(formData, "billing"),
    shippingMethod: String(formData.get("shippingMethod") ?? ""),
    paymentMethod: String(formData.get("paymentMethod") ?? ""),
    expectedTotal: expected ? Number(expected) : undefined,
    installments: formData.get("installments") ? Number(formData.get("installments")) : undefined,
  };
}

/**
 * "Siparişi ver": validates, then places the order under the form's Idempotency-Key (fixed when the
 * page was rendered), so a double submit or a retry after a lost answer gives the same order.
 */
export async function placeOrderAction(_state: CheckoutState, formData: FormData): Promise<CheckoutState> {
  const locale = await currentLocale();
  let next: string;
  try {
    const parsed = checkoutSchema.safeParse(checkoutBody(formData));
    if (!parsed.success)
      return { error: errorMessage("VALIDATION_FAILED", locale), fields: fieldErrors(parsed.error) };
    const key = idempotencyKeySchema.parse(formData.get("idempotencyKey"));
    const checkout = parsed.data;
    const { cartId, userId } = await ensureCartOwner();
    const buyerIp = clientIp(await headers());
    const { body: result } = await checkoutOnce(getDb(), { cartId, userId, checkout, locale, buyerIp, key });
    await rememberOrder(result.order.orderNo);
    next = paymentPage(result.order.orderNo, result.payment);
  } catch (error) {
    if (isAppError(error)) {
      const fields = (error.details.fields as Record<string, string> | undefined) ?? undefined;
      const totals = error.details.totals as CheckoutState["totals"];
      return { error: errorMessage(error.code, locale, error.details), fields, totals };
    }
    if (isDatabaseUnavailable(error)) return { error: errorMessage("SERVICE_UNAVAILABLE", locale) };
    log.error({ err: error }, "Checkout failed");
    return { error: errorMessage("INTERNAL_ERROR", locale) };
  }
  redirect(next);
}

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
