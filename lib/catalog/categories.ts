import { sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { type Executor, rows } from "@/db/client";
import { type CategoryInput, catalogCode } from "@/lib/catalog/edit-schemas";
import { AppError, uniqueViolation } from "@/lib/errors";

export interface AdminCategory {
  id: number;
  slug: string;
  name: { tr: string; en: string };
  parentId: number | null;
  position: number;
  /** 0 for a top-level category, 1 for its children… */
  depth: number;
  /** Products filed directly under this category. */
  productCount: number;
  childCount: number;
}

interface CategoryRow {
  id: number;
  slug: string;
  name_tr: string;
  name_en: string;
  parent_id: number | null;
  position: number;
  depth: number;
  product_count: number;
  child_count: number;
}

/** The whole tree in display order: every category right after its parent, siblings by position, then name. */
export async function listCategories(db: Executor): Promise<AdminCategory[]> {
  const found = await rows<CategoryRow>(
    db,
    sql`with recursive tree as (
        select c.id, 0 as depth, array[c.position, c.id] as path from categories c where c.parent_id is null
        union all
        select c.id, t.depth + 1, t.path || array[c.position, c.id]
        from categories c join tree t on c.parent_id = t.id
      )
      select c.id, c.slug, c.name_tr, c.name_en, c.parent_id, c.position, t.depth,
        (select count(*)::int from products p where p.category_id = c.id) as product_count,
        (select count(*)::int from categories k where k.parent_id = c.id) as child_count
      from tree t join categories c on c.id = t.id
      order by t.path`,
  );
  return found.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: { tr: row.name_tr, en: row.name_en },
    parentId: row.parent_id,
    position: row.position,
    depth: row.depth,
    productCount: row.product_count,
    childCount: row.child_count,
  }));
}

/** Changes to the tree's shape are made one at a time, so two moves at once can never close a loop. */
const lockTree = (tx: Transaction) =>
  tx.execute(sql`select pg_advisory_xact_lock(hashtext('store:category-tree'))`);

async function checkSlugFree(tx: Transaction, slug: string, id: number | null) {
  const [other] = await rows<{ id: number }>(
    tx,
    sql`select id from categories where slug = ${slug} and id is distinct from ${id}`,
  );
  if (other) {
    throw new AppError("ALREADY_EXISTS", {
      fields: { slug: catalogCode("categorySlugTaken") },
      taken: slug,
    });
  }
}

async function checkParent(tx: Transaction, parentId: number | null, id: number | null) {
  if (parentId === null) return;
  const [parent] = await rows<{ id: number }>(tx, sql`select id from categories where id = ${parentId}`);
  if (!parent) {
    throw new AppError("VALIDATION_FAILED", {
      fields: { parentId: catalogCode("unknownParent") },
    });
  }
  if (id === null) return;
  // The new parent may be neither the category itself nor anything below it.
  const [loop] = await rows<{ id: number }>(
    tx,
    sql`with recursive below as (
        select id from categories where id = ${id}
        union all
        select c.id from categories c join below b on c.parent_id = b.id
      )
      select id from below where id = ${parentId}`,
  );
  if (loop) {
    throw new AppError("VALIDATION_FAILED", {
      fields: { parentId: catalogCode("parentCycle") },
    });
  }
}

/** A unique index tripped by a writer outside these services (the demo seed): the same 409 on the slug. */
function slugConflict(error: unknown, slug: string): AppError | null {
  if (uniqueViolation(error) === null) return null;
  return new AppError("ALREADY_EXISTS", {
    fields: { slug: catalogCode("categorySlugTaken") },
    taken: slug,
  });
}

export async function createCategory(db: Database, input: CategoryInput): Promise<AdminCategory> {
  try {
    const id = await db.transaction(async (tx) => {
      await lockTree(tx);
      await checkSlugFree(tx, input.slug, null);
      await checkParent(tx, input.parentId, null);
      const [row] = await rows<{ id: number }>(
        tx,
        sql`insert into categories (parent_id, slug, name_tr, name_en, position)
          values (${input.parentId}, ${input.slug}, ${input.name.tr}, ${input.name.en}, ${input.position})
          returning id`,
      );
      if (!row) throw new Error("category insert returned nothing");
      return row.id;
    });
    return await categoryById(db, id);
  } catch (error) {
    throw slugConflict(error, input.slug) ?? error;
  }
}

/** Renames, moves (a parent below itself is 400 on `parentId`) or re-orders a category. */
export async function updateCategory(db: Database, id: number, input: CategoryInput): Promise<AdminCategory> {
  try {
    await db.transaction(async (tx) => {
      await lockTree(tx);
      const [found] = await rows<{ id: number }>(
        tx,
        sql`select id from categories where id = ${id} for update`,
      );
      if (!found) throw new AppError("NOT_FOUND", { id });
      await checkSlugFree(tx, input.slug, id);
      await checkParent(tx, input.parentId, id);
      await tx.execute(sql`update categories set slug = ${input.slug}, name_tr = ${input.name.tr},
          name_en = ${input.name.en}, parent_id = ${input.parentId}, position = ${input.position}, updated_at = now()
        where id = ${id}`);
    });
    return await categoryById(db, id);
  } catch (error) {
    throw slugConflict(error, input.slug) ?? error;
  }
}

/**
 * Deletes an empty category. One that still holds products or other categories is 409 IN_USE with
 * `details.reason` ("products" or "children") and `details.count`, and nothing changes.
 */
export async function deleteCategory(db: Database, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    await lockTree(tx);
    const [found] = await rows<{ products: number; children: number }>(
      tx,
      sql`select (select count(*)::int from products p where p.category_id = c.id) as products,
          (select count(*)::int from categories k where k.parent_id = c.id) as children
        from categories c where c.id = ${id} for update`,
    );
    if (!found) throw new AppError("NOT_FOUND", { id });
    if (found.products > 0) throw new AppError("IN_USE", { reason: "products", count: found.products });
    if (found.children > 0) throw new AppError("IN_USE", { reason: "children", count: found.children });
    // The row lock conflicts with the key-share lock a product or category insert takes on its parent
    // row, so nothing can be filed here between the counts and the delete.
    await tx.execute(sql`delete from categories where id = ${id}`);
  });
}

/** One category as the list shows it; 404 NOT_FOUND when unknown. */
export async function categoryById(db: Executor, id: number): Promise<AdminCategory> {
  const found = (await listCategories(db)).find((category) => category.id === id);
  if (!found) throw new AppError("NOT_FOUND", { id });
  return found;
}
