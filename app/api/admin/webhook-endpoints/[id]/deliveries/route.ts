import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { json, route } from "@/lib/http";
import { endpointIdOf, listDeliveries } from "@/lib/webhooks/service";

/** The endpoint's newest deliveries (DELIVERY_LOG_SIZE). 404. */
export const GET = route<{ id: string }>(async (request, { params }) => {
  await requireAdminApi(request);
  return json({ items: await listDeliveries(getDb(), endpointIdOf(params.id)) });
});
