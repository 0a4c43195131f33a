import { z } from "zod";
import { REVIEW_STATUSES } from "@/db/schema";
import { dropEmpty, pageQuery, sortQuery } from "@/lib/lists";

/** Input of reviews: the buyer's review, the public list's query, the staff's list and decision. */

export const reviewInputSchema = z.object({
  rating: z.coerce.number().int().min(1).max(5),
  title: z.string().trim().min(1).max(120),
  body: z.string().trim().min(1).max(2000),
});
export type ReviewInput = z.output<typeof reviewInputSchema>;

/** Photos a review may carry, each checked like a product image (lib/storage/check). */
export const MAX_REVIEW_PHOTOS = 3;

export const REVIEW_SORTS = ["newest", "helpful"] as const;
export type ReviewSort = (typeof REVIEW_SORTS)[number];

export const REVIEWS_PER_PAGE = 10;

export const reviewListQuerySchema = z.preprocess(
  dropEmpty,
  z.object({
    sort: z.enum(REVIEW_SORTS).default("newest"),
    page: pageQuery.page,
  }),
);
export type ReviewListQuery = z.output<typeof reviewListQuerySchema>;

export const adminReviewListQuerySchema = z.preprocess(
  dropEmpty,
  z.object({
    status: z.enum(REVIEW_STATUSES).optional(),
    sort: sortQuery(["createdAt", "rating"], "-createdAt"),
    ...pageQuery,
  }),
);
export type AdminReviewListQuery = z.output<typeof adminReviewListQuerySchema>;

export const moderationSchema = z.object({
  status: z.enum(["approved", "rejected"]),
  /** The store's public answer; an empty one removes it. */
  reply: z.string().trim().max(2000).optional(),
});
export type Moderation = z.output<typeof moderationSchema>;
