import type { NextRequest } from "next/server";
import { requireAdminApi } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { parseQuery, route } from "@/lib/http";
import { exportResponse } from "@/lib/privacy/download";
import { dataSubjectSchema } from "@/lib/privacy/schemas";
import { exportPersonalData } from "@/lib/privacy/service";

/**
 * `GET /api/admin/privacy/export?email=` (administrators) → the JSON file of everything held about that
 * email (its account and every order placed with it), recorded as a staff export request.
 */
export const GET = route(async (request: NextRequest, { locale }) => {
  const staff = await requireAdminApi(request, "admin");
  const { email } = parseQuery(dataSubjectSchema, request, locale);
  const now = new Date();
  const { data } = await exportPersonalData(getDb(), { email }, { channel: "staff", name: staff.name }, now);
  return exportResponse(data, now);
});
