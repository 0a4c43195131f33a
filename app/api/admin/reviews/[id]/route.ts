import { requireAdminApi } from "@/lib/auth/api-guard";
import { revalidateCatalog } from "@/lib/catalog/cache";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { json, parseJson, route } from "@/lib/http";
import { moderationSchema } from "@/lib/reviews/schemas";
import { moderateReview } from "@/lib/reviews/service";

/** Approve or reject a review, with the store's reply; the product's cached page shows the change at once. */
export const POST = route<{ id: string }>(async (request, { params, locale }) => {
  await requireAdminApi(request);
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id < 1) throw new AppError("NOT_FOUND");
  const review = await moderateReview(getDb(), id, await parseJson(moderationSchema, request, locale));
  revalidateCatalog();
  return json({ review });
});
