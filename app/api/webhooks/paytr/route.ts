import { createHash } from "node:crypto";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { readBody, route } from "@/lib/http";
import { applyPaymentState } from "@/lib/payments/apply";
import { receiveNotification } from "@/lib/payments/events";
import { paytrNotificationState, verifyPaytrNotification } from "@/lib/payments/paytr";

/**
 * PayTR's payment result (the "Bildirim URL" of the merchant panel), form-encoded. The hash is checked
 * before anything is read; the result is applied once (PayTR repeats a notification until it gets the
 * plain text OK, and every repeat gets OK too). A bad hash is 400 and changes nothing.
 */
export const POST = route(async (request) => {
  const raw = await readBody(request, 16 * 1024).catch(() => "");
  const fields = Object.fromEntries(new URLSearchParams(raw));
  if (!verifyPaytrNotification(fields)) throw new AppError("WEBHOOK_SIGNATURE_INVALID");
  const state = paytrNotificationState(fields);
  await receiveNotification(
    getDb(),
    {
      // The same notification repeated is the same body; a different body is a different message.
      id: `paytr:${createHash("sha256").update(raw).digest("hex")}`,
      provider: "paytr",
      type: `payment:${fields.status}`,
      payload: fields,
    },
    () => applyPaymentState(getDb(), { provider: "paytr", handle: fields.merchant_oid ?? "" }, state),
  );
  return new Response("OK", { status: 200, headers: { "content-type": "text/plain; charset=utf-8" } });
});
