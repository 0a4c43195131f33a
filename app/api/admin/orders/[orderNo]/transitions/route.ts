import { getDb } from "@/db/client";
import { transitionOrder } from "@/lib/admin/orders";
import { transitionSchema } from "@/lib/admin/schemas";
import { requireAdminApi } from "@/lib/auth/api-guard";
import { json, parseJson, route } from "@/lib/http";
import { drainSoon } from "@/lib/notifications/after";

export const POST = route<{ orderNo: string }>(async (request, { params, locale }) => {
  const actor = await requireAdminApi(request);
  const input = await parseJson(transitionSchema, request, locale);
  const result = await transitionOrder(getDb(), params.orderNo.slice(0, 40), input, {
    actor: actor.name,
    locale,
  });
  drainSoon();
  return json(result);
});
