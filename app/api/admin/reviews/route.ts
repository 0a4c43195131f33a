import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { json, parseQuery, route } from "@/lib/http";
import { adminReviewListQuerySchema } from "@/lib/reviews/schemas";
import { listReviews } from "@/lib/reviews/service";

export const GET = route(async (request, { locale }) => {
  await requireAdminApi(request);
  return json(await listReviews(getDb(), parseQuery(adminReviewListQuerySchema, request, locale)));
});
