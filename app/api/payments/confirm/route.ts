import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { json, parseJson, route } from "@/lib/http";
import { findOrder } from "@/lib/orders/service";
import { confirmFromProvider } from "@/lib/payments/events";
import { paymentConfirmSchema } from "@/lib/payments/schemas";

/** After the shopper finished Stripe's step: re-reads the PaymentIntent and applies what it says. */
export const POST = route(async (request, { locale }) => {
  const { orderNo } = await parseJson(paymentConfirmSchema, request, locale);
  const order = await findOrder(getDb(), orderNo);
  if (!order) throw new AppError("ORDER_NOT_FOUND", { orderNo });
  if (order.paymentMethod !== "card")
    throw new AppError("INVALID_TRANSITION", { reason: "not a card order" });
  await confirmFromProvider(getDb(), orderNo);
  const current = await findOrder(getDb(), orderNo);
  return json({ order: { orderNo, status: current?.status, totals: current?.totals } });
});
