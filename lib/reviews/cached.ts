import "server-only";
import { unstable_cache } from "next/cache";
import { CATALOG_TAG } from "@/lib/catalog";
import { getDb } from "@/lib/db";
import type { ReviewListQuery } from "./schemas";
import { productReviews } from "./service";

/**
 * The reviews of the cached product page. Tagged with the catalogue, so a moderation decision refreshes
 * the page at once (revalidateCatalog), as a staff edit of the product does.
 */
export const getProductReviews = unstable_cache(
  (slug: string, query: ReviewListQuery) => productReviews(getDb(), slug, query),
  ["reviews:product"],
  { tags: [CATALOG_TAG], revalidate: 3600 },
);
