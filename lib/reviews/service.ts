import { sql } from "drizzle-orm";
import { type Database, type Executor, rows, type Transaction } from "@/db/client";
import type { ReviewStatus } from "@/db/schema";
import { AppError, fieldCode } from "@/lib/errors";
import { iso, orderBy, type Page } from "@/lib/lists";
import { readPage } from "@/lib/paging";
import { hit } from "@/lib/rate-limit";
import type { Storage } from "@/lib/storage";
import { checkImage } from "@/lib/storage/check";
import { lockMedia, releaseFiles, writingFiles } from "@/lib/storage/references";
import {
  type AdminReviewListQuery,
  MAX_REVIEW_PHOTOS,
  type Moderation,
  REVIEWS_PER_PAGE,
  type ReviewInput,
  type ReviewListQuery,
} from "./schemas";

/**
 * Reviews from verified buyers (lib/reviews): a signed-in shopper may review a product once they received
 * it — an order of theirs holding one of its SKUs is delivered, or a delivered parcel of such an order
 * carries that SKU. Reviews wait for staff; only approved ones are public, with the store's reply and
 * their photos (the files of the others are for staff only: lib/storage/references mediaAudience).
 */

/** A buyer's reviews per hour: far more than anyone writes, few enough to stop a script. */
export const REVIEW_LIMIT = { limit: 10, windowSeconds: 3600 };

export interface ReviewSummary {
  average: number;
  count: number;
  distribution: Record<"1" | "2" | "3" | "4" | "5", number>;
}

export interface ReviewPhoto {
  url: string;
  width: number;
  height: number;
}

export interface PublicReview {
  id: number;
  rating: number;
  title: string;
  body: string;
  author: string;
  verified: boolean;
  createdAt: string;
  helpful: number;
  reply?: string;
  photos: ReviewPhoto[];
}

/** A review's photos in the buyer's order, as a JSON array (`r`: the reviews row). */
const PHOTOS = sql`coalesce((select json_agg(json_build_object('url', rp.url, 'width', rp.width, 'height', rp.height)
    order by rp.position) from review_photos rp where rp.review_id = r.id), '[]'::json) as photos`;

export interface ProductReviews {
  summary: ReviewSummary;
  items: PublicReview[];
  page: number;
  pages: number;
}

/** "Ayşe Yılmaz" → "Ayşe Y.": the first name and the last name's initial, nothing more of the buyer. */
export function authorName(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0] ?? "";
  if (parts.length < 2) return first;
  return `${first} ${parts[parts.length - 1]?.charAt(0).toLocaleUpperCase("tr")}.`;
}

async function productId(db: Executor, slug: string): Promise<number> {
  const [found] = await rows<{ id: number }>(
    db,
    sql`select id from products where slug = ${slug} and active`,
  );
  if (!found) throw new AppError("PRODUCT_NOT_FOUND");
  return found.id;
}

/** Whether the user received one of the product's SKUs: a delivered order, or a delivered parcel of it. */
export async function isVerifiedBuyer(db: Executor, userId: string, product: number): Promise<boolean> {
  const [found] = await rows<{ yes: boolean }>(
    db,
    sql`select exists (
      select 1 from orders o join order_items i on i.order_id = o.id
      join variants v on v.sku = i.sku and v.product_id = ${product}
      where o.user_id = ${userId} and (o.status = 'delivered' or exists (
        select 1 from shipments s, jsonb_to_recordset(s.lines) as l(sku text)
        where s.order_id = o.id and s.status = 'delivered' and l.sku = i.sku))
    ) as yes`,
  );
  return found?.yes ?? false;
}

/** A review's photo files as posted, and where they are kept. */
export interface PhotoUpload {
  storage: Storage;
  photos: Uint8Array[];
}

/**
 * `POST /api/products/{slug}/reviews`: the photos are judged first (400 VALIDATION_FAILED on `photos`
 * past 3 or for a file that is not an image, 413 PAYLOAD_TOO_LARGE past 5 MB), then 404 PRODUCT_NOT_FOUND,
 * 429 RATE_LIMITED, 403 NOT_A_VERIFIED_BUYER, 409 ALREADY_REVIEWED (the unique constraint on product and
 * buyer decides between simultaneous ones). The review and its photos are written together, or nothing.
 */
export async function createReview(
  db: Database,
  slug: string,
  userId: string,
  input: ReviewInput,
  upload?: PhotoUpload,
  now = new Date(),
): Promise<{ review: { id: number; status: ReviewStatus } }> {
  const photos = upload?.photos ?? [];
  if (photos.length > MAX_REVIEW_PHOTOS) {
    throw new AppError("VALIDATION_FAILED", {
      fields: { photos: fieldCode("reviews.validation.tooManyPhotos", { max: MAX_REVIEW_PHOTOS }) },
    });
  }
  const checked = photos.map((bytes) => checkImage(bytes, "photos"));
  const product = await productId(db, slug);
  await hit(db, "review", userId, REVIEW_LIMIT, now);
  if (!(await isVerifiedBuyer(db, userId, product))) throw new AppError("NOT_A_VERIFIED_BUYER");
  const write = (storage?: Storage) =>
    db.transaction(async (tx) => {
      const [created] = await rows<{ id: number }>(
        tx,
        sql`insert into reviews (product_id, user_id, rating, title, body)
        values (${product}, ${userId}, ${input.rating}, ${input.title}, ${input.body})
        on conflict (product_id, user_id) do nothing returning id`,
      );
      if (!created) throw new AppError("ALREADY_REVIEWED");
      if (storage && checked.length) {
        await lockMedia(tx);
        for (const [position, photo] of checked.entries()) {
          const stored = await storage.put(photo.bytes, photo.type);
          await tx.execute(sql`insert into review_photos (review_id, url, width, height, position)
          values (${created.id}, ${stored.url}, ${photo.width}, ${photo.height}, ${position})`);
        }
      }
      return { review: { id: Number(created.id), status: "pending" as const } };
    });
  return upload ? writingFiles(db, upload.storage, write) : write();
}

/**
 * The KVKK erasure's part (lib/privacy): the user's reviews go, and with them the files of their photos
 * that nothing else uses.
 */
export async function eraseReviewsOf(tx: Transaction, storage: Storage, userId: string): Promise<void> {
  const photos = await rows<{ url: string }>(
    tx,
    sql`delete from review_photos p using reviews r where r.id = p.review_id and r.user_id = ${userId}
      returning p.url`,
  );
  await tx.execute(sql`delete from reviews where user_id = ${userId}`);
  if (!photos.length) return;
  await lockMedia(tx);
  await releaseFiles(
    tx,
    storage,
    photos.map((photo) => photo.url),
  );
}

/** The product's approved reviews: average (one decimal), count, and how many gave each star. */
export async function reviewSummary(db: Executor, product: number): Promise<ReviewSummary> {
  const found = await rows<{ rating: number; n: number }>(
    db,
    sql`select rating, count(*)::int as n from reviews
      where product_id = ${product} and status = 'approved' group by rating`,
  );
  const distribution = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 };
  let count = 0;
  let sum = 0;
  for (const { rating, n } of found) {
    distribution[String(rating) as keyof typeof distribution] = n;
    count += n;
    sum += rating * n;
  }
  return { average: count ? Math.round((sum / count) * 10) / 10 : 0, count, distribution };
}

/** `GET /api/products/{slug}/reviews`: approved reviews, newest or most helpful first, 404 unknown product. */
export async function productReviews(
  db: Executor,
  slug: string,
  query: ReviewListQuery,
): Promise<ProductReviews> {
  const product = await productId(db, slug);
  const order =
    query.sort === "helpful"
      ? sql`r.helpful desc, r.created_at desc, r.id desc`
      : sql`r.created_at desc, r.id desc`;
  const [summary, found] = await Promise.all([
    reviewSummary(db, product),
    rows<{
      id: number;
      rating: number;
      title: string;
      body: string;
      name: string;
      reply: string | null;
      helpful: number;
      created_at: Date | string;
      photos: ReviewPhoto[];
    }>(
      db,
      sql`select r.id, r.rating, r.title, r.body, u.name, r.reply, r.helpful, r.created_at, ${PHOTOS}
        from reviews r join users u on u.id = r.user_id
        where r.product_id = ${product} and r.status = 'approved' order by ${order}
        limit ${REVIEWS_PER_PAGE} offset ${(query.page - 1) * REVIEWS_PER_PAGE}`,
    ),
  ]);
  return {
    summary,
    page: query.page,
    pages: Math.max(1, Math.ceil(summary.count / REVIEWS_PER_PAGE)),
    items: found.map((row) => ({
      id: Number(row.id),
      rating: row.rating,
      title: row.title,
      body: row.body,
      author: authorName(row.name),
      // Only buyers who received the product can write one.
      verified: true,
      createdAt: iso(row.created_at) ?? "",
      helpful: row.helpful,
      ...(row.reply ? { reply: row.reply } : {}),
      photos: row.photos,
    })),
  };
}

/**
 * `POST /api/reviews/{id}/helpful`: one vote per visitor (the vote's primary key), 404 unless approved.
 * Returns the review's count of votes.
 */
export async function voteHelpful(db: Database, id: number, voter: string): Promise<{ helpful: number }> {
  return db.transaction(async (tx) => {
    const [review] = await rows<{ helpful: number }>(
      tx,
      sql`select helpful from reviews where id = ${id} and status = 'approved' for update`,
    );
    if (!review) throw new AppError("NOT_FOUND");
    const [voted] = await rows<{ review_id: number }>(
      tx,
      sql`insert into review_votes (review_id, voter) values (${id}, ${voter})
        on conflict do nothing returning review_id`,
    );
    if (!voted) return { helpful: review.helpful };
    const [updated] = await rows<{ helpful: number }>(
      tx,
      sql`update reviews set helpful = helpful + 1 where id = ${id} returning helpful`,
    );
    return { helpful: updated?.helpful ?? review.helpful + 1 };
  });
}

export interface AdminReview {
  id: number;
  product: { slug: string; name: string };
  rating: number;
  title: string;
  body: string;
  author: string;
  email: string;
  status: ReviewStatus;
  reply: string | null;
  helpful: number;
  createdAt: string;
  photos: ReviewPhoto[];
}

const ADMIN_SELECT = sql`select r.id, p.slug, p.name_tr as product_name, r.rating, r.title, r.body, u.name,
  u.email, r.status, r.reply, r.helpful, r.created_at, ${PHOTOS}
  from reviews r join products p on p.id = r.product_id join users u on u.id = r.user_id`;

type AdminRow = {
  id: number;
  slug: string;
  product_name: string;
  rating: number;
  title: string;
  body: string;
  name: string;
  email: string;
  status: ReviewStatus;
  reply: string | null;
  helpful: number;
  created_at: Date | string;
  photos: ReviewPhoto[];
};

function adminReview(row: AdminRow): AdminReview {
  return {
    id: Number(row.id),
    product: { slug: row.slug, name: row.product_name },
    rating: row.rating,
    title: row.title,
    body: row.body,
    author: row.name,
    email: row.email,
    status: row.status,
    reply: row.reply,
    helpful: row.helpful,
    createdAt: iso(row.created_at) ?? "",
    photos: row.photos,
  };
}

const ADMIN_SORT = { createdAt: sql`r.created_at`, rating: sql`r.rating` };

/** `GET /api/admin/reviews?status=&sort=&page=`: the newest first by default. */
export async function listReviews(db: Database, query: AdminReviewListQuery): Promise<Page<AdminReview>> {
  const where = query.status ? sql`r.status = ${query.status}` : sql`true`;
  const found = await readPage<AdminRow>(db, query, {
    count: sql`from reviews r where ${where}`,
    select: sql`${ADMIN_SELECT} where ${where} order by ${orderBy(query.sort, ADMIN_SORT, sql`r.id desc`)}`,
  });
  return { ...found, items: found.items.map(adminReview) };
}

/**
 * `POST /api/admin/reviews/{id}`: approve or reject, with the store's reply (an empty one removes it).
 * Returns the review and its product's slug, whose cached page the caller refreshes. 404 unknown review.
 */
export async function moderateReview(db: Database, id: number, input: Moderation): Promise<AdminReview> {
  const reply = input.reply === undefined ? sql`reply` : sql`${input.reply || null}`;
  const [updated] = await rows<{ id: number }>(
    db,
    sql`update reviews set status = ${input.status}, reply = ${reply},
      replied_at = case when ${reply} is distinct from reply then now() else replied_at end, updated_at = now()
      where id = ${id} returning id`,
  );
  if (!updated) throw new AppError("NOT_FOUND");
  const [row] = await rows<AdminRow>(db, sql`${ADMIN_SELECT} where r.id = ${id}`);
  if (!row) throw new AppError("NOT_FOUND");
  return adminReview(row);
}

export async function hasReviewed(db: Executor, userId: string, product: number): Promise<boolean> {
  const found = await rows<{ id: number }>(
    db,
    sql`select id from reviews where user_id = ${userId} and product_id = ${product}`,
  );
  return found.length > 0;
}

/**
 * The order page's "Review" links: the products of the order's received lines (the order delivered, or a
 * delivered parcel carrying the line) that its buyer has not reviewed yet.
 */
export async function reviewableProducts(
  db: Executor,
  orderId: string,
  userId: string,
): Promise<{ slug: string; name: string }[]> {
  return rows<{ slug: string; name: string }>(
    db,
    sql`select distinct on (p.id) p.slug, i.name from orders o
      join order_items i on i.order_id = o.id
      join variants v on v.sku = i.sku join products p on p.id = v.product_id and p.active
      where o.id = ${orderId} and o.user_id = ${userId}
        and (o.status = 'delivered' or exists (
          select 1 from shipments s, jsonb_to_recordset(s.lines) as l(sku text)
          where s.order_id = o.id and s.status = 'delivered' and l.sku = i.sku))
        and not exists (select 1 from reviews r where r.product_id = p.id and r.user_id = ${userId})
      order by p.id`,
  );
}
