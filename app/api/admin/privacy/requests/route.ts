import type { NextRequest } from "next/server";
import { requireAdminApi } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { json, parseQuery, route } from "@/lib/http";
import { listDataRequests } from "@/lib/privacy/requests";
import { dataRequestListQuerySchema } from "@/lib/privacy/schemas";

/** `GET /api/admin/privacy/requests?kind=&channel=&sort=&page=&limit=` (administrators) → the KVKK request log. */
export const GET = route(async (request: NextRequest, { locale }) => {
  await requireAdminApi(request, "admin");
  return json(await listDataRequests(getDb(), parseQuery(dataRequestListQuerySchema, request, locale)));
});
