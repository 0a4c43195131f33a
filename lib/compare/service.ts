import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { rows } from "@/db/client";
import type { ProductCard } from "@/lib/catalog/queries";
import { AppError } from "@/lib/errors";
import { type Locale, pick } from "@/lib/i18n/locale";
import { messageText } from "@/lib/i18n/translate";
import { COMPARE_MAX } from "./schemas";

/** A product card's fields (`priceFrom`: the cheapest on-sale variant's price), without the card's SKU. */
export type CompareProduct = Omit<ProductCard, "sku">;

/** One attribute across the compared products: a value per product, in their order, null where it has none. */
export interface CompareRow {
  name: string;
  values: (string | null)[];
}

export interface Comparison {
  products: CompareProduct[];
  attributes: CompareRow[];
}

// The variant picker's axes come first, in its order; any other attribute follows alphabetically.
const AXES = ["color", "size"];

function axisOrder(a: string, b: string): number {
  const rank = (key: string) => (AXES.includes(key) ? AXES.indexOf(key) : AXES.length);
  return rank(a) - rank(b) || a.localeCompare(b);
}

function attributeName(locale: Locale, key: string): string {
  return messageText(locale, `product.axis.${key}`) ?? key;
}

function attributeValue(locale: Locale, key: string, value: string): string {
  return (key === "color" && messageText(locale, `colors.${value}`)) || value;
}

/** Whether a row's values are not all the same (a product without the attribute differs from one with it). */
export function rowDiffers(values: readonly (string | number | null)[]): boolean {
  return new Set(values).size > 1;
}

/**
 * The on-sale products among `slugs`, in the order given, with their attributes aligned in rows: each
 * product's values of an attribute are those of its on-sale variants, in the variants' order, once each.
 * Slugs that name no product on sale are left out.
 */
export async function compareFound(db: Database, slugs: string[], locale: Locale): Promise<Comparison> {
  if (slugs.length === 0) return { products: [], attributes: [] };
  const found = await rows<{
    slug: string;
    name_tr: string;
    name_en: string;
    brand: string | null;
    category_tr: string;
    category_en: string;
    price_from: string;
    in_stock: boolean;
    image: string | null;
    attributes: Record<string, string>[];
  }>(
    db,
    sql`select p.slug, p.name_tr, p.name_en, b.name as brand, c.name_tr as category_tr, c.name_en as category_en,
        min(v.price) as price_from, coalesce(bool_or(i.on_hand > i.reserved), false) as in_stock,
        jsonb_agg(v.attributes order by v.position, v.id) as attributes,
        (select url from product_images pi where pi.product_id = p.id order by pi.position limit 1) as image
      from products p
      join categories c on c.id = p.category_id
      left join brands b on b.id = p.brand_id
      join variants v on v.product_id = p.id and v.active
      left join inventory i on i.variant_id = v.id
      where p.active and p.slug in (${sql.join(
        slugs.map((slug) => sql`${slug}`),
        sql`, `,
      )})
      group by p.id, b.name, c.name_tr, c.name_en`,
  );
  const bySlug = new Map(found.map((row) => [row.slug, row]));
  const ordered = slugs.flatMap((slug) => bySlug.get(slug) ?? []);
  const keys = [...new Set(ordered.flatMap((row) => row.attributes.flatMap(Object.keys)))].sort(axisOrder);
  return {
    products: ordered.map((row) => ({
      slug: row.slug,
      name: pick(locale, row.name_tr, row.name_en),
      brand: row.brand,
      category: pick(locale, row.category_tr, row.category_en),
      priceFrom: Number(row.price_from),
      image: row.image,
      inStock: row.in_stock,
    })),
    attributes: keys.map((key) => ({
      name: attributeName(locale, key),
      values: ordered.map((row) => {
        const values = [...new Set(row.attributes.flatMap((attributes) => attributes[key] ?? []))];
        return values.length ? values.map((value) => attributeValue(locale, key, value)).join(", ") : null;
      }),
    })),
  };
}

/** GET /api/compare: every slug must name a product on sale, else 404 PRODUCT_NOT_FOUND (the first missing). */
export async function compareProducts(db: Database, slugs: string[], locale: Locale): Promise<Comparison> {
  const comparison = await compareFound(db, slugs, locale);
  const missing = slugs.find((slug) => !comparison.products.some((product) => product.slug === slug));
  if (missing) throw new AppError("PRODUCT_NOT_FOUND", { slug: missing });
  return comparison;
}

/** Whether a slug names a product on sale (one with an on-sale variant), else 404 PRODUCT_NOT_FOUND. */
export async function requireComparable(db: Database, slug: string): Promise<void> {
  const [found] = await rows<{ id: number }>(
    db,
    sql`select p.id from products p where p.slug = ${slug} and p.active
      and exists (select 1 from variants v where v.product_id = p.id and v.active)`,
  );
  if (!found) throw new AppError("PRODUCT_NOT_FOUND", { slug });
}

/** The list with `slug` added last; one already there changes nothing; a fifth is 422 COMPARE_FULL. */
export function withSlug(list: string[], slug: string): string[] {
  if (list.includes(slug)) return list;
  if (list.length >= COMPARE_MAX) throw new AppError("COMPARE_FULL", { max: COMPARE_MAX });
  return [...list, slug];
}
