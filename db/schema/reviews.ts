import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { products } from "./catalog";
import { belongsTo, bigId, timestamps } from "./columns";

/** A review waits for staff; only approved ones are public (lib/reviews). */
export const REVIEW_STATUSES = ["pending", "approved", "rejected"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/**
 * A verified buyer's review of a product: one per buyer and product (the unique constraint decides between
 * two simultaneous submissions). `reply`: the store's public answer. `helpful`: the votes of review_votes.
 */
export const reviews = pgTable(
  "reviews",
  {
    id: bigId(),
    productId: belongsTo(() => products.id),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    rating: integer().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    status: text().$type<ReviewStatus>().notNull().default("pending"),
    reply: text(),
    repliedAt: timestamp({ withTimezone: true }),
    helpful: integer().notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    unique("reviews_product_user_unique").on(t.productId, t.userId),
    index().on(t.productId, t.status, t.createdAt),
    index().on(t.status, t.createdAt),
    check("reviews_rating_check", sql`${t.rating} between 1 and 5`),
    check(
      "reviews_status_check",
      sql`${t.status} in (${sql.raw(REVIEW_STATUSES.map((s) => `'${s}'`).join(", "))})`,
    ),
  ],
);

/** One "helpful" vote per review and visitor (`voter`: `u:<user id>` or `v:<visitor cookie id>`). */
export const reviewVotes = pgTable(
  "review_votes",
  {
    reviewId: bigint({ mode: "number" })
      .notNull()
      .references(() => reviews.id, { onDelete: "cascade" }),
    voter: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.reviewId, t.voter] })],
);

/**
 * A review's photos (at most 3, checked like product images), in the buyer's order. `url` is the stored
 * file's (lib/storage); the file is deleted once no photo or product image refers to it.
 */
export const reviewPhotos = pgTable(
  "review_photos",
  {
    id: bigId(),
    reviewId: bigint({ mode: "number" })
      .notNull()
      .references(() => reviews.id, { onDelete: "cascade" }),
    url: text().notNull(),
    width: integer().notNull(),
    height: integer().notNull(),
    position: integer().notNull(),
  },
  (t) => [index().on(t.reviewId, t.position), index().on(t.url)],
);
