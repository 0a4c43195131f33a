import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { brands, categories, inventory, productImages, products, variants } from "@/db/schema";
import { type Locale, pick } from "@/lib/i18n/locale";
import { productScore, productsMatch, type SearchWord, searchWords } from "@/lib/search/match";
import type { ListQuery } from "./schemas";

export interface ProductCard {
  slug: string;
  /** The first variant's SKU: the one a card's heart saves. */
  sku: string;
  name: string;
  brand: string | null;
  category: string;
  priceFrom: number;
  image: string | null;
  inStock: boolean;
}

export interface ProductPage {
  items: ProductCard[];
  page: number;
  limit: number;
  total: number;
}

/**
 * One query (after the search's synonyms): filters, the search's matching and ranking (lib/search/match.ts),
 * the lowest active variant price, stock, sorting and the total count.
 */
export async function listProducts(
  db: Database,
  query: ListQuery,
  locale: Locale,
  /** words: the search's words with synonyms when the caller already looked them up (the suggestions). */
  options: { featuredOnly?: boolean; words?: SearchWord[] } = {},
): Promise<ProductPage> {
  const filters = [sql`p.active`];
  if (options.featuredOnly) filters.push(sql`p.featured`);
  if (query.category) {
    filters.push(sql`c.id in (
      select id from categories where slug = ${query.category}
      union select child.id from categories child join categories parent on child.parent_id = parent.id
      where parent.slug = ${query.category})`);
  }
  if (query.brand) filters.push(sql`b.slug = ${query.brand}`);
  const words = options.words ?? (await searchWords(db, query.q ?? ""));
  filters.push(productsMatch(words));
  const priceFilters = [sql`true`];
  if (query.minPrice !== undefined) priceFilters.push(sql`price_from >= ${query.minPrice}`);
  if (query.maxPrice !== undefined) priceFilters.push(sql`price_from <= ${query.maxPrice}`);
  const order = {
    // In stock first, then the best match; without a search, the newest.
    relevance: words.length ? sql`in_stock desc, score desc, id asc` : sql`created_at desc, id desc`,
    newest: sql`created_at desc, id desc`,
    price_asc: sql`price_from asc, id asc`,
    price_desc: sql`price_from desc, id asc`,
  }[query.sort];
  const offset = (query.page - 1) * query.limit;

  // The count sits in its own row so a page past the end still reports the total.
  const rows = await db.execute<{
    slug: string | null;
    sku: string;
    name_tr: string;
    name_en: string;
    brand: string | null;
    category_tr: string;
    category_en: string;
    price_from: string;
    image: string | null;
    in_stock: boolean;
    total: string;
  }>(sql`
    with matching as (
      select p.id, p.slug, p.name_tr, p.name_en, p.created_at, b.name as brand,
             c.name_tr as category_tr, c.name_en as category_en,
             ${productScore(words)} as score, min(v.price) as price_from, (array_agg(v.sku order by v.position, v.id))[1] as sku, bool_or(i.on_hand > i.reserved) as in_stock
      from products p
      join categories c on c.id = p.category_id
      left join brands b on b.id = p.brand_id
      join variants v on v.product_id = p.id and v.active
      join inventory i on i.variant_id = v.id
      where ${sql.join(filters, sql` and `)}
      group by p.id, b.name, c.name_tr, c.name_en
    ), filtered as (
      select * from matching where ${sql.join(priceFilters, sql` and `)}
    )
    select counted.total, page.*
    from (select count(*) as total from filtered) counted
    left join lateral (
      select f.*, (select url from product_images pi where pi.product_id = f.id order by pi.position limit 1) as image
      from filtered f order by ${order} limit ${query.limit} offset ${offset}
    ) page on true
    order by ${order}`);

  return {
    items: rows
      .filter((row) => row.slug !== null)
      .map((row) => ({
        slug: row.slug as string,
        sku: row.sku,
        name: pick(locale, row.name_tr, row.name_en),
        brand: row.brand,
        category: pick(locale, row.category_tr, row.category_en),
        priceFrom: Number(row.price_from),
        image: row.image,
        inStock: row.in_stock,
      })),
    page: query.page,
    limit: query.limit,
    total: Number(rows[0]?.total ?? 0),
  };
}

export interface ProductDetail {
  id: number;
  slug: string;
  name: string;
  description: string;
  brand: { slug: string; name: string } | null;
  category: { slug: string; name: string };
  taxClass: string;
  images: { url: string; alt: string }[];
  variants: { id: number; sku: string; name: string; attributes: Record<string, string>; price: number }[];
}

/** The catalogue part of a product page (cacheable: changes only when staff edit the catalogue). */
export async function findProduct(db: Database, slug: string, locale: Locale): Promise<ProductDetail | null> {
  const product = await db.query.products.findFirst({
    where: and(eq(products.slug, slug), eq(products.active, true)),
    with: {
      brand: true,
      category: true,
      images: { orderBy: asc(productImages.position) },
      variants: { where: eq(variants.active, true), orderBy: [asc(variants.position), asc(variants.id)] },
    },
  });
  if (!product || product.variants.length === 0) return null;
  return {
    id: product.id,
    slug: product.slug,
    name: pick(locale, product.nameTr, product.nameEn),
    description: pick(locale, product.descriptionTr, product.descriptionEn),
    brand: product.brand ? { slug: product.brand.slug, name: product.brand.name } : null,
    category: {
      slug: product.category.slug,
      name: pick(locale, product.category.nameTr, product.category.nameEn),
    },
    taxClass: product.taxClass,
    images: product.images.map((image) => ({ url: image.url, alt: pick(locale, image.altTr, image.altEn) })),
    variants: product.variants.map((variant) => ({
      id: variant.id,
      sku: variant.sku,
      name: pick(locale, variant.nameTr, variant.nameEn),
      attributes: variant.attributes,
      price: variant.price,
    })),
  };
}

/** Units a shopper can still put in a cart right now (on hand minus reserved), by variant id. */
export async function availability(db: Database, variantIds: number[]): Promise<Map<number, number>> {
  if (variantIds.length === 0) return new Map();
  const rows = await db
    .select({
      variantId: inventory.variantId,
      available: sql<number>`${inventory.onHand} - ${inventory.reserved}`,
    })
    .from(inventory)
    .where(inArray(inventory.variantId, variantIds));
  return new Map(rows.map((row) => [row.variantId, Number(row.available)]));
}

export interface CategoryNode {
  slug: string;
  name: string;
  children: { slug: string; name: string }[];
}

export async function categoryTree(db: Database, locale: Locale): Promise<CategoryNode[]> {
  const rows = await db.select().from(categories).orderBy(asc(categories.position), asc(categories.id));
  const bySlug = new Map(rows.map((row) => [row.id, row]));
  const roots = rows.filter((row) => row.parentId === null);
  return roots.map((root) => ({
    slug: root.slug,
    name: pick(locale, root.nameTr, root.nameEn),
    children: rows
      .filter((row) => row.parentId === root.id && bySlug.has(row.id))
      .map((row) => ({ slug: row.slug, name: pick(locale, row.nameTr, row.nameEn) })),
  }));
}

export async function brandList(db: Database): Promise<{ slug: string; name: string }[]> {
  return db.select({ slug: brands.slug, name: brands.name }).from(brands).orderBy(asc(brands.name));
}

/** Slugs and dates for the sitemap. */
export async function activeProductSlugs(db: Database): Promise<{ slug: string; updatedAt: Date }[]> {
  return db
    .select({ slug: products.slug, updatedAt: products.updatedAt })
    .from(products)
    .where(eq(products.active, true))
    .orderBy(asc(products.id));
}
