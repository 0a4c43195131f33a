import { requireAdminApi } from "@/lib/auth/api-guard";
import { idempotencyKeySchema } from "@/lib/checkout/schemas";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { json, parseJson, route } from "@/lib/http";
import { refundOrder } from "@/lib/orders/refunds";
import { refundSchema } from "@/lib/orders/schemas";
import { check } from "@/lib/validation";

export const POST = route<{ orderNo: string }>(async (request, { params, locale }) => {
  const actor = await requireAdminApi(request);
  const key = check(idempotencyKeySchema, request.headers.get("idempotency-key") ?? undefined, locale);
  if (!key.ok) {
    throw new AppError("VALIDATION_FAILED", { fields: { "Idempotency-Key": Object.values(key.fields)[0] } });
  }
  const input = await parseJson(refundSchema, request, locale);
  const result = await refundOrder(getDb(), params.orderNo.slice(0, 40), input, key.data, {
    actor: actor.name,
    locale,
  });
  return json(result.body, {
    status: result.status,
    headers: result.replayed ? { "Idempotent-Replayed": "true" } : {},
  });
});
