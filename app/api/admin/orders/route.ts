import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { json, parseQuery, route } from "@/lib/http";
import { orderListQuerySchema } from "@/lib/orders/schemas";
import { listAdminOrders } from "@/lib/orders/staff";

export const GET = route(async (request, { locale }) => {
  await requireAdminApi(request);
  return json(await listAdminOrders(getDb(), parseQuery(orderListQuerySchema, request, locale)));
});
