import { getDb } from "@/db/client";
import { listAdminOrders } from "@/lib/admin/orders";
import { orderListQuerySchema } from "@/lib/admin/schemas";
import { requireAdminApi } from "@/lib/auth/api-guard";
import { json, parseQuery, route } from "@/lib/http";

export const GET = route(async (request, { locale }) => {
  await requireAdminApi(request);
  return json(await listAdminOrders(getDb(), parseQuery(orderListQuerySchema, request, locale)));
});
