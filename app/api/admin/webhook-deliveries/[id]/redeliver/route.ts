import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { json, route } from "@/lib/http";
import { deliveryIdOf, redeliver } from "@/lib/webhooks/service";

/** A new attempt of the same message, queued: 202 with the delivery. 404. */
export const POST = route<{ id: string }>(async (request, { params }) => {
  await requireAdminApi(request);
  return json(await redeliver(getDb(), deliveryIdOf(params.id)), { status: 202 });
});
