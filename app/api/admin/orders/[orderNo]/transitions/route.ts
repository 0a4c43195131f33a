import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { json, parseJson, route } from "@/lib/http";
import { transitionSchema } from "@/lib/orders/schemas";
import { transitionOrder } from "@/lib/orders/staff";

export const POST = route<{ orderNo: string }>(async (request, { params, locale }) => {
  const actor = await requireAdminApi(request);
  const input = await parseJson(transitionSchema, request, locale);
  const result = await transitionOrder(getDb(), params.orderNo.slice(0, 40), input, {
    actor: actor.name,
    locale,
  });
  return json(result);
});
