import { sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { type Executor, rows } from "@/db/client";
import type { TaxClass, VariantAttributes } from "@/db/schema";
import type {
  ProductCreateInput,
  ProductListQuery,
  ProductPatchInput,
  VariantCreateInput,
} from "@/lib/catalog/edit-schemas";
import { AppError, type FieldCode, uniqueViolation } from "@/lib/errors";
import { containsPattern, iso, orderBy, type Page } from "@/lib/lists";
import { readPage } from "@/lib/paging";
import { adminCode, type StaffContext } from "@/lib/staff-context";
import { emitEvent } from "@/lib/webhooks/emit";
import { messages } from "@/messages";

export interface AdminVariant {
  id: number;
  sku: string;
  name: { tr: string; en: string };
  attributes: VariantAttributes;
  price: number;
  weightGrams: number;
  lengthCm: number;
  widthCm: number;
  heightCm: number;
  active: boolean;
  onHand: number;
  reserved: number;
  available: number;
}

export interface AdminProduct {
  id: number;
  slug: string;
  name: { tr: string; en: string };
  description: { tr: string; en: string };
  category: { slug: string; name: string };
  brand: { slug: string; name: string } | null;
  active: boolean;
  featured: boolean;
  taxClass: TaxClass;
  variants: AdminVariant[];
  createdAt: string;
  updatedAt: string;
}

interface ProductRow {
  id: number;
  slug: string;
  name_tr: string;
  name_en: string;
  description_tr: string;
  description_en: string;
  category_slug: string;
  category_name: string;
  brand_slug: string | null;
  brand_name: string | null;
  active: boolean;
  featured: boolean;
  tax_class: TaxClass;
  created_at: Date | string;
  updated_at: Date | string;
  variants: (Omit<AdminVariant, "name" | "price" | "available"> & {
    nameTr: string;
    nameEn: string;
    price: number | string;
  })[];
}

const productSelect = sql`select p.id, p.slug, p.name_tr, p.name_en, p.description_tr, p.description_en,
    c.slug as category_slug, c.name_tr as category_name, b.slug as brand_slug, b.name as brand_name,
    p.active, p.featured, p.tax_class, p.created_at, p.updated_at,
    coalesce((select json_agg(json_build_object('id', v.id, 'sku', v.sku, 'nameTr', v.name_tr, 'nameEn', v.name_en,
      'attributes', v.attributes, 'price', v.price, 'weightGrams', v.weight_grams, 'lengthCm', v.length_cm,
      'widthCm', v.width_cm, 'heightCm', v.height_cm, 'active', v.active,
      'onHand', coalesce(i.on_hand, 0), 'reserved', coalesce(i.reserved, 0)) order by v.position, v.id)
      from variants v left join inventory i on i.variant_id = v.id where v.product_id = p.id), '[]') as variants
  from products p
  join categories c on c.id = p.category_id
  left join brands b on b.id = p.brand_id`;

function toProduct(row: ProductRow): AdminProduct {
  return {
    id: row.id,
    slug: row.slug,
    name: { tr: row.name_tr, en: row.name_en },
    description: { tr: row.description_tr, en: row.description_en },
    category: { slug: row.category_slug, name: row.category_name },
    brand: row.brand_slug ? { slug: row.brand_slug, name: row.brand_name ?? row.brand_slug } : null,
    active: row.active,
    featured: row.featured,
    taxClass: row.tax_class,
    variants: row.variants.map(({ nameTr, nameEn, price, ...variant }) => ({
      ...variant,
      name: { tr: nameTr, en: nameEn },
      price: Number(price),
      available: variant.onHand - variant.reserved,
    })),
    createdAt: iso(row.created_at) ?? "",
    updatedAt: iso(row.updated_at) ?? "",
  };
}

export async function getAdminProduct(db: Executor, id: number): Promise<AdminProduct | null> {
  const [row] = await rows<ProductRow>(db, sql`${productSelect} where p.id = ${id}`);
  return row ? toProduct(row) : null;
}

const PRODUCT_SORT = {
  name: sql`store_fold(p.name_tr)`,
  price: sql`(select min(v.price) from variants v where v.product_id = p.id)`,
  createdAt: sql`p.created_at`,
  updatedAt: sql`p.updated_at`,
};

/**
 * Every product, active or not (newest first unless `sort` says otherwise); `q` matches names,
 * descriptions, slug and SKUs; `category` includes the categories below it.
 */
export async function listAdminProducts(db: Database, query: ProductListQuery): Promise<Page<AdminProduct>> {
  const conditions = [sql`true`];
  if (query.q) {
    const folded = containsPattern(query.q);
    conditions.push(sql`(p.search_text like store_fold(${folded}) or p.slug like lower(${folded})
      or exists (select 1 from variants v2 where v2.product_id = p.id and v2.sku like upper(${folded})))`);
  }
  if (query.active) conditions.push(sql`p.active = ${query.active === "true"}`);
  if (query.category) {
    conditions.push(sql`p.category_id in (with recursive below as (
        select id from categories where slug = ${query.category}
        union all
        select c.id from categories c join below b on c.parent_id = b.id
      ) select id from below)`);
  }
  if (query.brand) conditions.push(sql`p.brand_id = (select id from brands where slug = ${query.brand})`);
  const where = sql.join(conditions, sql` and `);
  const found = await readPage<ProductRow>(db, query, {
    count: sql`from products p where ${where}`,
    select: sql`${productSelect} where ${where} order by ${orderBy(query.sort, PRODUCT_SORT, sql`p.id desc`)}`,
  });

  return { ...found, items: found.items.map(toProduct) };
}

async function categoryId(tx: Transaction, slug: string): Promise<number> {
  const [row] = await rows<{ id: number }>(
    tx,
    sql`select id from categories where slug = ${slug.toLowerCase()}`,
  );
  if (!row) {
    throw new AppError("VALIDATION_FAILED", {
      fields: { categorySlug: adminCode("unknownCategory") },
    });
  }
  return row.id;
}

async function brandId(tx: Transaction, brand: string | null): Promise<number | null> {
  if (brand === null) return null;
  const [row] = await rows<{ id: number }>(
    tx,
    sql`select id from brands where slug = ${brand.toLowerCase()} or store_fold(name) = store_fold(${brand})
      order by (slug = ${brand.toLowerCase()}) desc limit 1`,
  );
  if (!row) throw new AppError("VALIDATION_FAILED", { fields: { brand: adminCode("unknownBrand") } });
  return row.id;
}

/**
 * A class whose KDV rate was removed (DELETE /api/admin/tax-classes/{class}) cannot be priced: refused.
 * The key-share lock keeps the rate until this product is saved, so that delete then sees it in use.
 */
async function checkTaxClass(tx: Transaction, taxClass: TaxClass): Promise<void> {
  const [rate] = await rows<{ rate_bp: number }>(
    tx,
    sql`select rate_bp from tax_rates where tax_class = ${taxClass} for key share`,
  );
  if (!rate) throw new AppError("VALIDATION_FAILED", { fields: { taxClass: adminCode("taxClassNoRate") } });
}

/** 409 ALREADY_EXISTS naming each field whose value is taken. */
function taken(fields: Record<string, FieldCode>, values: string[]): AppError {
  return new AppError("ALREADY_EXISTS", { fields, taken: values.join(", ") });
}

/** A unique violation that slipped past the checks (two creations at once): the same 409. */
function duplicateFromDatabase(error: unknown): AppError | null {
  const constraint = uniqueViolation(error);
  if (constraint === null) return null;
  if (constraint.includes("sku")) return taken({ variants: adminCode("skuTaken") }, ["sku"]);
  return taken({ slug: adminCode("slugTaken") }, ["slug"]);
}

/** A product's write in one transaction, a slug or SKU taken meanwhile answered like the checks do. */
async function productWrite<T>(db: Database, work: (tx: Transaction) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(work);
  } catch (error) {
    throw duplicateFromDatabase(error) ?? error;
  }
}

const STANDARD = { tr: messages.tr.product.standardVariant, en: messages.en.product.standardVariant };

/** One variant with its inventory row; stock above 0 gets an 'initial' ledger row naming the actor. */
async function insertVariant(
  tx: Transaction,
  productId: number,
  position: number,
  variant: VariantCreateInput,
  now: string,
  actor: string,
): Promise<void> {
  const name = variant.name ?? STANDARD;
  const [saved] = await rows<{ id: number }>(
    tx,
    sql`insert into variants (product_id, sku, name_tr, name_en, attributes, price, weight_grams, length_cm,
        width_cm, height_cm, position, active, created_at, updated_at)
      values (${productId}, ${variant.sku}, ${name.tr}, ${name.en}, ${JSON.stringify(variant.attributes ?? {})}::jsonb,
        ${variant.price}, ${variant.weightGrams}, ${variant.lengthCm}, ${variant.widthCm}, ${variant.heightCm},
        ${position}, ${variant.active}, ${now}, ${now})
      returning id`,
  );
  if (!saved) throw new Error("variant insert returned nothing");
  await tx.execute(sql`insert into inventory (variant_id, on_hand, reserved, updated_at)
    values (${saved.id}, ${variant.stock}, 0, ${now})`);
  if (variant.stock > 0) {
    await tx.execute(sql`insert into stock_ledger (variant_id, on_hand_delta, reason, reference, created_at)
      values (${saved.id}, ${variant.stock}, 'initial', ${actor}, ${now})`);
  }
}

/**
 * Creates a product with its variants, their stock (inventory on_hand, with an 'initial' ledger row) in
 * one transaction. A slug or SKU already in use is 409 ALREADY_EXISTS with `details.fields` naming them
 * (`slug`, `variants.<i>.sku`); an unknown category or brand is 400 VALIDATION_FAILED.
 */
export async function createProduct(
  db: Database,
  input: ProductCreateInput,
  context: StaffContext,
): Promise<AdminProduct> {
  const now = (context.now ?? new Date()).toISOString();
  return productWrite(db, async (tx) => {
    const category = await categoryId(tx, input.categorySlug);
    const brand = await brandId(tx, input.brand ?? null);
    await checkTaxClass(tx, input.taxClass);
    const skus = input.variants.map((v) => v.sku);
    const [slugRow] = await rows<{ id: number }>(tx, sql`select id from products where slug = ${input.slug}`);
    const takenSkus = await rows<{ sku: string }>(tx, sql`select sku from variants where sku in ${skus}`);
    if (slugRow || takenSkus.length > 0) {
      const fields: Record<string, FieldCode> = {};
      if (slugRow) fields.slug = adminCode("slugTaken");
      const takenSet = new Set(takenSkus.map((r) => r.sku));
      input.variants.forEach((variant, index) => {
        if (takenSet.has(variant.sku)) fields[`variants.${index}.sku`] = adminCode("skuTaken");
      });
      throw taken(fields, [...(slugRow ? [input.slug] : []), ...takenSet]);
    }
    const [product] = await rows<{ id: number }>(
      tx,
      sql`insert into products (slug, name_tr, name_en, description_tr, description_en, brand_id, category_id,
          active, featured, tax_class, created_at, updated_at)
        values (${input.slug}, ${input.name.tr}, ${input.name.en}, ${input.description.tr}, ${input.description.en},
          ${brand}, ${category}, ${input.active}, ${input.featured}, ${input.taxClass}, ${now}, ${now})
        returning id`,
    );
    if (!product) throw new Error("product insert returned nothing");
    for (const [position, variant] of input.variants.entries()) {
      await insertVariant(tx, product.id, position, variant, now, context.actor);
    }
    const created = await getAdminProduct(tx, product.id);
    if (!created) throw new Error("created product not found");
    return created;
  });
}

/**
 * Changes a product's fields (activate/deactivate with `active`) and its existing variants by SKU.
 * Unknown product → 404 PRODUCT_NOT_FOUND; a slug of another product → 409 ALREADY_EXISTS.
 */
export async function updateProduct(
  db: Database,
  id: number,
  input: ProductPatchInput,
  context: StaffContext,
): Promise<AdminProduct> {
  const now = (context.now ?? new Date()).toISOString();
  return productWrite(db, async (tx) => {
    const [found] = await rows<{ id: number }>(tx, sql`select id from products where id = ${id} for update`);
    if (!found) throw new AppError("PRODUCT_NOT_FOUND", { id });
    const sets = [sql`updated_at = ${now}`];
    if (input.slug !== undefined) {
      const [other] = await rows<{ id: number }>(
        tx,
        sql`select id from products where slug = ${input.slug} and id <> ${id}`,
      );
      if (other) throw taken({ slug: adminCode("slugTaken") }, [input.slug]);
      sets.push(sql`slug = ${input.slug}`);
    }
    if (input.name) sets.push(sql`name_tr = ${input.name.tr}, name_en = ${input.name.en}`);
    if (input.description) {
      sets.push(sql`description_tr = ${input.description.tr}, description_en = ${input.description.en}`);
    }
    if (input.categorySlug !== undefined) {
      sets.push(sql`category_id = ${await categoryId(tx, input.categorySlug)}`);
    }
    if (input.brand !== undefined) sets.push(sql`brand_id = ${await brandId(tx, input.brand)}`);
    if (input.active !== undefined) sets.push(sql`active = ${input.active}`);
    if (input.featured !== undefined) sets.push(sql`featured = ${input.featured}`);
    if (input.taxClass !== undefined) {
      await checkTaxClass(tx, input.taxClass);
      sets.push(sql`tax_class = ${input.taxClass}`);
    }
    await tx.execute(sql`update products set ${sql.join(sets, sql`, `)} where id = ${id}`);

    for (const [index, variant] of (input.variants ?? []).entries()) {
      const [own] = await rows<{ id: number }>(
        tx,
        sql`select id from variants where sku = ${variant.sku} and product_id = ${id} for update`,
      );
      if (!own) {
        throw new AppError("VALIDATION_FAILED", {
          fields: { [`variants.${index}.sku`]: adminCode("notInProduct") },
        });
      }
      const changes = [sql`updated_at = ${now}`];
      if (variant.name) changes.push(sql`name_tr = ${variant.name.tr}, name_en = ${variant.name.en}`);
      if (variant.price !== undefined) changes.push(sql`price = ${variant.price}`);
      if (variant.weightGrams !== undefined) changes.push(sql`weight_grams = ${variant.weightGrams}`);
      if (variant.lengthCm !== undefined) changes.push(sql`length_cm = ${variant.lengthCm}`);
      if (variant.widthCm !== undefined) changes.push(sql`width_cm = ${variant.widthCm}`);
      if (variant.heightCm !== undefined) changes.push(sql`height_cm = ${variant.heightCm}`);
      if (variant.attributes !== undefined) {
        changes.push(sql`attributes = ${JSON.stringify(variant.attributes)}::jsonb`);
      }
      if (variant.active !== undefined) changes.push(sql`active = ${variant.active}`);
      await tx.execute(sql`update variants set ${sql.join(changes, sql`, `)} where id = ${own.id}`);
    }
    const updated = await getAdminProduct(tx, id);
    if (!updated) throw new AppError("PRODUCT_NOT_FOUND", { id });
    await emitEvent(tx, "product.updated", { ...updated });
    return updated;
  });
}

export const MAX_VARIANTS = 100;

/**
 * Adds a variant to an existing product, after its other variants, with its stock (default 0). A SKU in
 * use is 409 ALREADY_EXISTS on `sku`; unknown product → 404 PRODUCT_NOT_FOUND.
 */
export async function addVariant(
  db: Database,
  productId: number,
  variant: VariantCreateInput,
  context: StaffContext,
): Promise<AdminProduct> {
  const now = (context.now ?? new Date()).toISOString();
  const skuTaken = () => taken({ sku: adminCode("skuTaken") }, [variant.sku]);
  try {
    return await db.transaction(async (tx) => {
      const [product] = await rows<{ variants: number; next: number }>(
        tx,
        sql`select (select count(*)::int from variants v where v.product_id = p.id) as variants,
            (select coalesce(max(v.position) + 1, 0)::int from variants v where v.product_id = p.id) as next
          from products p where p.id = ${productId} for update`,
      );
      if (!product) throw new AppError("PRODUCT_NOT_FOUND", { id: productId });
      if (product.variants >= MAX_VARIANTS) {
        throw new AppError("VALIDATION_FAILED", {
          fields: { sku: adminCode("tooMany", { max: MAX_VARIANTS }) },
        });
      }
      const [other] = await rows<{ id: number }>(tx, sql`select id from variants where sku = ${variant.sku}`);
      if (other) throw skuTaken();
      await insertVariant(tx, productId, product.next, variant, now, context.actor);
      await tx.execute(sql`update products set updated_at = ${now} where id = ${productId}`);
      const updated = await getAdminProduct(tx, productId);
      if (!updated) throw new AppError("PRODUCT_NOT_FOUND", { id: productId });
      await emitEvent(tx, "product.updated", { ...updated });
      return updated;
    });
  } catch (error) {
    // Two additions of the same SKU at once: the unique index decides, the loser gets the same 409.
    if (uniqueViolation(error) !== null) throw skuTaken();
    throw error;
  }
}
