import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { json, parseQuery, route } from "@/lib/http";
import { jobListQuerySchema, listJobs } from "@/lib/jobs/staff";

export const GET = route(async (request, { locale }) => {
  await requireAdminApi(request);
  return json(await listJobs(getDb(), parseQuery(jobListQuerySchema, request, locale)));
});
