import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { type Executor, rows } from "@/db/client";
import { listProducts } from "@/lib/catalog/queries";
import { type Locale, pick } from "@/lib/i18n/locale";
import { matchingAll, searchWords } from "./match";
import { normalizeSearch, POPULAR_MIN_COUNT } from "./popular";

export interface Suggestions {
  products: { slug: string; name: string; image: string | null; priceFrom: number }[];
  categories: { slug: string; name: string }[];
  brands: { slug: string; name: string }[];
  queries: string[];
}

const MAX_PRODUCTS = 8;
/** Ids as one parameter (a PostgreSQL array literal). */
const idArray = (ids: number[]) => sql`${`{${ids.join(",")}}`}::int[]`;
const MAX_OTHERS = 5;

/** Popular searches that start with the text, or resemble it (trigram similarity), most searched first. */
async function popularSearches(db: Executor, q: string): Promise<string[]> {
  const found = await rows<{ text: string }>(
    db,
    sql`select text from search_queries
      where count >= ${POPULAR_MIN_COUNT} and (query like store_fold(${q}) || '%' or store_fold(${q}) <% query)
      order by query like store_fold(${q}) || '%' desc, count desc, query
      limit ${MAX_OTHERS}`,
  );
  return found.map((row) => row.text);
}

/**
 * What the header's search box offers as the shopper types: the products the results page would list first
 * (the same matching and ranking), the categories and brands whose names match, and popular searches.
 */
export async function suggest(db: Database, rawQ: string, locale: Locale): Promise<Suggestions> {
  const q = normalizeSearch(rawQ);
  const words = await searchWords(db, q);
  const [products, categories, brands, queries] = await Promise.all([
    listProducts(db, { q, sort: "relevance", page: 1, limit: MAX_PRODUCTS }, locale, { words }),
    rows<{ slug: string; name_tr: string; name_en: string }>(
      db,
      sql`select slug, name_tr, name_en from categories where id = any(${idArray(matchingAll(words, (w) => w.categoryIds))})
        order by word_similarity(store_fold(${q}), store_fold(name_tr || ' ' || name_en)) desc, position, id
        limit ${MAX_OTHERS}`,
    ),
    rows<{ slug: string; name: string }>(
      db,
      sql`select slug, name from brands where id = any(${idArray(matchingAll(words, (w) => w.brandIds))})
        order by word_similarity(store_fold(${q}), store_fold(name)) desc, name limit ${MAX_OTHERS}`,
    ),
    popularSearches(db, q),
  ]);
  return {
    products: products.items.map(({ slug, name, image, priceFrom }) => ({ slug, name, image, priceFrom })),
    categories: categories.map((row) => ({ slug: row.slug, name: pick(locale, row.name_tr, row.name_en) })),
    brands,
    queries,
  };
}
