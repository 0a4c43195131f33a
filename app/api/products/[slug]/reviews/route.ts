import { requireApiUser } from "@/lib/auth/guards";
import { productSlugSchema } from "@/lib/catalog/schemas";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { json, parseJson, parseQuery, route } from "@/lib/http";
import { reviewInputSchema, reviewListQuerySchema } from "@/lib/reviews/schemas";
import { createReview, productReviews } from "@/lib/reviews/service";

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

/** A verified buyer's review; it waits for staff. */
export const POST = route<{ slug: string }>(async (request, { params, locale }) => {
  const user = await requireApiUser();
  const slug = slugOf(params.slug);
  const input = await parseJson(reviewInputSchema, request, locale);
  const { review } = await createReview(getDb(), slug, user.id, input);
  return json({ review: { status: review.status } }, { status: 201 });
});
