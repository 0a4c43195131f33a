import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
} from "drizzle-orm/pg-core";
import { belongsTo, bigId, intId, names, nowTimestamp, timestamps } from "./columns";

/** Category tree: a category with a parent is shown under it; listing a parent includes its children. */
export const categories = pgTable(
  "categories",
  {
    id: intId(),
    parentId: integer().references((): AnyPgColumn => categories.id, { onDelete: "restrict" }),
    slug: text().notNull().unique(),
    ...names(),
    position: integer().notNull().default(0),
    ...timestamps(),
  },
  (t) => [index().on(t.parentId)],
);

export const brands = pgTable("brands", {
  id: intId(),
  slug: text().notNull().unique(),
  name: text().notNull(),
  ...timestamps(),
});

/** KDV class of a product; the rates per class and zone come with the pricing rules. */
export const TAX_CLASSES = ["standard", "reduced", "super_reduced", "zero"] as const;
export type TaxClass = (typeof TAX_CLASSES)[number];

export const products = pgTable(
  "products",
  {
    id: intId(),
    slug: text().notNull().unique(),
    ...names(),
    descriptionTr: text().notNull().default(""),
    descriptionEn: text().notNull().default(""),
    brandId: integer().references(() => brands.id, { onDelete: "restrict" }),
    categoryId: integer()
      .notNull()
      .references(() => categories.id, { onDelete: "restrict" }),
    active: boolean().notNull().default(true),
    featured: boolean().notNull().default(false),
    taxClass: text().$type<TaxClass>().notNull().default("standard"),
    /** Case- and diacritic-folded names and descriptions (store_fold, see migration 0000) for search. */
    searchText: text().generatedAlwaysAs(
      sql`store_fold(name_tr || ' ' || name_en || ' ' || description_tr || ' ' || description_en)`,
    ),
    ...timestamps(),
  },
  (t) => [
    index().on(t.categoryId),
    index().on(t.brandId),
    index().on(t.createdAt),
    // Trigram index (pg_trgm) for search: substring LIKE and typo-tolerant word similarity (lib/search).
    index("products_search_text_trgm_index").using("gin", sql`${t.searchText} gin_trgm_ops`),
    check("products_tax_class_check", sql`${t.taxClass} in ('standard', 'reduced', 'super_reduced', 'zero')`),
  ],
);

/** Attribute axes of a variant, e.g. { color: "black", size: "M" }; colour codes are translated in messages. */
export type VariantAttributes = Record<string, string>;

export const variants = pgTable(
  "variants",
  {
    id: intId(),
    productId: belongsTo(() => products.id),
    sku: text().notNull().unique(),
    ...names(),
    attributes: jsonb().$type<VariantAttributes>().notNull().default({}),
    /** Price in minor units of the store currency, tax included when PRICES_INCLUDE_TAX (the default). */
    price: bigint({ mode: "number" }).notNull(),
    weightGrams: integer().notNull(),
    lengthCm: integer().notNull(),
    widthCm: integer().notNull(),
    heightCm: integer().notNull(),
    position: integer().notNull().default(0),
    active: boolean().notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    index().on(t.productId),
    check("variants_price_check", sql`${t.price} >= 0`),
    check(
      "variants_size_check",
      sql`${t.weightGrams} > 0 and ${t.lengthCm} > 0 and ${t.widthCm} > 0 and ${t.heightCm} > 0`,
    ),
  ],
);

export const productImages = pgTable(
  "product_images",
  {
    id: intId(),
    productId: belongsTo(() => products.id),
    url: text().notNull(),
    altTr: text().notNull(),
    altEn: text().notNull(),
    position: integer().notNull().default(0),
  },
  (t) => [index().on(t.productId, t.position)],
);

/**
 * Stock per variant. `reserved` counts units held by carts and unpaid orders; it is only ever changed by
 * one conditional UPDATE, and the CHECK makes overselling impossible even for a buggy caller.
 */
export const inventory = pgTable(
  "inventory",
  {
    variantId: integer()
      .primaryKey()
      .references(() => variants.id, { onDelete: "cascade" }),
    onHand: integer().notNull().default(0),
    reserved: integer().notNull().default(0),
    updatedAt: nowTimestamp(),
  },
  (t) => [check("inventory_reserved_check", sql`0 <= ${t.reserved} and ${t.reserved} <= ${t.onHand}`)],
);

/** Every change of on_hand or reserved, so stock can always be explained and re-added. */
export const stockLedger = pgTable(
  "stock_ledger",
  {
    id: bigId(),
    variantId: belongsTo(() => variants.id),
    onHandDelta: integer().notNull().default(0),
    reservedDelta: integer().notNull().default(0),
    /** e.g. initial, restock, adjustment, reserve, release, expire, commit, return */
    reason: text().notNull(),
    /** What caused it: a cart, an order number, a staff member's note. */
    reference: text(),
    createdAt: nowTimestamp(),
  },
  (t) => [index().on(t.variantId, t.createdAt)],
);
