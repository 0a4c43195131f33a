import { requireApiUser } from "@/lib/auth/guards";
import { productSlugSchema } from "@/lib/catalog/schemas";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isMultipart, json, parseJson, parseQuery, readMultipart, route } from "@/lib/http";
import { reviewInputSchema, reviewListQuerySchema } from "@/lib/reviews/schemas";
import { createReview, productReviews } from "@/lib/reviews/service";
import { MAX_REVIEW_POST_BYTES, reviewPost } from "@/lib/reviews/upload";
import { getStorage } from "@/lib/storage";

function slugOf(value: string): string {
  const slug = productSlugSchema.safeParse(value);
  if (!slug.success) throw new AppError("PRODUCT_NOT_FOUND", { slug: value.slice(0, 100) });
  return slug.data;
}

/** The product's approved reviews and their summary. */
export const GET = route<{ slug: string }>(async (request, { params, locale }) => {
  const query = parseQuery(reviewListQuerySchema, request, locale);
  const { summary, items } = await productReviews(getDb(), slugOf(params.slug), query);
  return json({ summary, items });
});

/** A verified buyer's review, as JSON or as multipart/form-data with up to 3 `photos`; it waits for staff. */
export const POST = route<{ slug: string }>(async (request, { params, locale }) => {
  const user = await requireApiUser();
  const slug = slugOf(params.slug);
  const { input, photos } = isMultipart(request)
    ? await reviewPost(await readMultipart(request, MAX_REVIEW_POST_BYTES), locale)
    : { input: await parseJson(reviewInputSchema, request, locale), photos: [] };
  const { review } = await createReview(getDb(), slug, user.id, input, { storage: getStorage(), photos });
  return json({ review: { status: review.status } }, { status: 201 });
});
