import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { json, parseQuery, route } from "@/lib/http";
import { returnListQuerySchema } from "@/lib/returns/schemas";
import { listReturns } from "@/lib/returns/service";

export const GET = route(async (request, { locale }) => {
  await requireAdminApi(request);
  return json(await listReturns(getDb(), parseQuery(returnListQuerySchema, request, locale)));
});
