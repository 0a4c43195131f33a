import { getDb } from "@/db/client";
import { listStock } from "@/lib/admin/inventory";
import { inventoryListQuerySchema } from "@/lib/admin/schemas";
import { requireAdminApi } from "@/lib/auth/api-guard";
import { json, parseQuery, route } from "@/lib/http";

export const GET = route(async (request, { locale }) => {
  await requireAdminApi(request);
  return json(await listStock(getDb(), parseQuery(inventoryListQuerySchema, request, locale), locale));
});
