import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { json, parseQuery, route } from "@/lib/http";
import { inventoryListQuerySchema } from "@/lib/inventory/schemas";
import { listStock } from "@/lib/inventory/staff";

export const GET = route(async (request, { locale }) => {
  await requireAdminApi(request);
  return json(await listStock(getDb(), parseQuery(inventoryListQuerySchema, request, locale), locale));
});
