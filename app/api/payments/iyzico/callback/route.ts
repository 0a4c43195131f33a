import { NextResponse } from "next/server";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { readForm, route } from "@/lib/http";
import { log } from "@/lib/log";
import { confirmByHandle } from "@/lib/payments/events";
import { paymentByHandle } from "@/lib/payments/records";

/**
 * iyzico's payment page posts the Checkout Form token here from the shopper's browser. The post is only a
 * hint: the result is read from iyzico by the token and applied like a notification, then the shopper is
 * sent to the order page (303). If iyzico cannot be asked right now, the order page asks again.
 */
export const POST = route(async (request) => {
  const form = await readForm(request);
  const token = form.get("token") ?? "";
  if (!/^[\w-]{1,200}$/.test(token)) {
    throw new AppError("VALIDATION_FAILED", { fields: { token: "invalid" } });
  }
  const payment = await paymentByHandle(getDb(), "iyzico", token);
  if (!payment) throw new AppError("VALIDATION_FAILED", { fields: { token: "unknown" } });
  await confirmByHandle(getDb(), "iyzico", token).catch((error) =>
    log.error({ err: error }, `iyzico result of ${payment.orderNo} could not be read at the callback`),
  );
  const orderPage = new URL(`/orders/${payment.orderNo}?payment=return`, env().APP_URL);
  return NextResponse.redirect(orderPage, 303);
});
