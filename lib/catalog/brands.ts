import { sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { type Executor, rows } from "@/db/client";
import { type BrandInput, catalogCode } from "@/lib/catalog/edit-schemas";
import { AppError, type FieldCode, uniqueViolation } from "@/lib/errors";

export interface AdminBrand {
  id: number;
  slug: string;
  name: string;
  productCount: number;
}

const brandSelect = sql`select b.id, b.slug, b.name,
    (select count(*)::int from products p where p.brand_id = b.id) as "productCount"
  from brands b`;

export async function listBrands(db: Executor): Promise<AdminBrand[]> {
  return rows<AdminBrand>(db, sql`${brandSelect} order by store_fold(b.name), b.id`);
}

/**
 * A slug or a name (in any letter case, with or without Turkish letters) that another brand has is 409
 * ALREADY_EXISTS naming the field: products and the API find a brand by either.
 */
async function checkFree(tx: Transaction, input: BrandInput, id: number | null) {
  const others = await rows<{ slug: string; same_name: boolean }>(
    tx,
    sql`select slug, store_fold(name) = store_fold(${input.name}) as same_name from brands
      where (slug = ${input.slug} or store_fold(name) = store_fold(${input.name})) and id is distinct from ${id}`,
  );
  if (others.length === 0) return;
  const fields: Record<string, FieldCode> = {};
  const taken: string[] = [];
  if (others.some((other) => other.slug === input.slug)) {
    fields.slug = catalogCode("brandSlugTaken");
    taken.push(input.slug);
  }
  if (others.some((other) => other.same_name)) {
    fields.name = catalogCode("brandNameTaken");
    taken.push(input.name);
  }
  throw new AppError("ALREADY_EXISTS", { fields, taken: taken.join(", ") });
}

/** Brands are checked and written one at a time, so two with the same name cannot slip in together. */
const lockBrands = (tx: Transaction) =>
  tx.execute(sql`select pg_advisory_xact_lock(hashtext('store:brands'))`);

export async function brandById(db: Executor, id: number): Promise<AdminBrand> {
  const [found] = await rows<AdminBrand>(db, sql`${brandSelect} where b.id = ${id}`);
  if (!found) throw new AppError("NOT_FOUND", { id });
  return found;
}

/** A unique index tripped by a writer outside these services (the demo seed): the same 409 on the slug. */
function slugConflict(error: unknown, input: BrandInput): AppError | null {
  if (uniqueViolation(error) === null) return null;
  return new AppError("ALREADY_EXISTS", {
    fields: { slug: catalogCode("brandSlugTaken") },
    taken: input.slug,
  });
}

export async function createBrand(db: Database, input: BrandInput): Promise<AdminBrand> {
  const id = await db
    .transaction(async (tx) => {
      await lockBrands(tx);
      await checkFree(tx, input, null);
      const [row] = await rows<{ id: number }>(
        tx,
        sql`insert into brands (slug, name) values (${input.slug}, ${input.name}) returning id`,
      );
      if (!row) throw new Error("brand insert returned nothing");
      return row.id;
    })
    .catch((error: unknown) => {
      throw slugConflict(error, input) ?? error;
    });
  return brandById(db, id);
}

export async function updateBrand(db: Database, id: number, input: BrandInput): Promise<AdminBrand> {
  await db
    .transaction(async (tx) => {
      await lockBrands(tx);
      const [found] = await rows<{ id: number }>(tx, sql`select id from brands where id = ${id} for update`);
      if (!found) throw new AppError("NOT_FOUND", { id });
      await checkFree(tx, input, id);
      await tx.execute(
        sql`update brands set slug = ${input.slug}, name = ${input.name}, updated_at = now() where id = ${id}`,
      );
    })
    .catch((error: unknown) => {
      throw slugConflict(error, input) ?? error;
    });
  return brandById(db, id);
}

/** Deletes a brand no product carries; otherwise 409 IN_USE with `details.count` products, nothing changed. */
export async function deleteBrand(db: Database, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [found] = await rows<{ products: number }>(
      tx,
      sql`select (select count(*)::int from products p where p.brand_id = b.id) as products
        from brands b where b.id = ${id} for update`,
    );
    if (!found) throw new AppError("NOT_FOUND", { id });
    if (found.products > 0) throw new AppError("IN_USE", { reason: "products", count: found.products });
    // The row lock conflicts with the key-share lock a product insert or update takes on its brand.
    await tx.execute(sql`delete from brands where id = ${id}`);
  });
}
