import { z } from "zod";
import { productSlugSchema } from "@/lib/catalog/schemas";
import { moderationSchema, reviewInputSchema } from "@/lib/reviews/schemas";

/** The review forms: the buyer's review of a product, the staff's decision on /admin/reviews. */

export const reviewForm = reviewInputSchema.extend({ slug: productSlugSchema });

export const moderationForm = moderationSchema.extend({ id: z.coerce.number().int().min(1) });
