import { clientIp } from "@/lib/auth/ip";
import { ensureCartOwner } from "@/lib/cart/session";
import { checkoutSchema, idempotencyKeySchema } from "@/lib/checkout/schemas";
import { checkoutOnce } from "@/lib/checkout/service";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { bearerToken, json, parseJson, route } from "@/lib/http";
import { rememberOrder } from "@/lib/orders/access";
import { check } from "@/lib/validation";

export const POST = route(async (request, { locale }) => {
  const key = check(idempotencyKeySchema, request.headers.get("idempotency-key") ?? undefined, locale);
  if (!key.ok) {
    throw new AppError("VALIDATION_FAILED", { fields: { "Idempotency-Key": Object.values(key.fields)[0] } });
  }
  const checkout = await parseJson(checkoutSchema, request, locale);
  const { cartId, userId } = await ensureCartOwner();
  const response = await checkoutOnce(getDb(), {
    cartId,
    userId,
    checkout,
    locale,
    buyerIp: clientIp(request.headers),
    key: key.data,
  });
  // An app signed in with a token sees its orders as their owner, and keeps no cookies.
  if (bearerToken(request.headers.get("authorization")) === null)
    await rememberOrder(response.body.order.orderNo);
  return json(response.body, {
    status: response.status,
    headers: response.replayed ? { "Idempotent-Replayed": "true" } : {},
  });
});
