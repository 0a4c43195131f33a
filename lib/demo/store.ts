import { count, sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import {
  brands,
  categories,
  inventory,
  productImages,
  products,
  stockLedger,
  users,
  variants,
} from "@/db/schema";
import { passwords } from "@/lib/accounts/password";
import { messages } from "@/messages";
import * as data from "./data";
import { seedPricing } from "./pricing";
import { DEMO_STAFF } from "./staff";

const DAY_MS = 24 * 60 * 60 * 1000;

const { tr, en } = messages;

function colorName(texts: { colors: Record<string, string> }, code: string): string {
  return texts.colors[code] ?? code;
}

/** "Siyah / M" from { color: "black", size: "M" }; single-variant products are named "Standart". */
function variantName(texts: typeof tr | typeof en, attributes: data.SeedVariant["attributes"]): string {
  const parts = [attributes.color && colorName(texts, attributes.color), attributes.size].filter(Boolean);
  return parts.length ? parts.join(" / ") : texts.product.standardVariant;
}

export async function isStoreEmpty(db: Database): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(products);
  return (row?.n ?? 0) === 0;
}

/**
 * Loads the demo store. Idempotent: rows are matched by slug / SKU and updated, stock is only set when a
 * variant is first created (a second run never undoes sales or reservations).
 */
export async function seedDemoStore(
  db: Database,
  now = new Date(),
): Promise<{ products: number; variants: number }> {
  return db.transaction(async (tx) => {
    const categoryIds = new Map<string, number>();
    // Parents first, so children can point at them.
    const ordered = [...data.categories].sort(
      (a, b) => Number(Boolean(a.parent)) - Number(Boolean(b.parent)),
    );
    for (const [position, category] of ordered.entries()) {
      const parentId = category.parent ? categoryIds.get(category.parent) : null;
      const [row] = await tx
        .insert(categories)
        .values({ slug: category.slug, nameTr: category.nameTr, nameEn: category.nameEn, parentId, position })
        .onConflictDoUpdate({
          target: categories.slug,
          set: { nameTr: category.nameTr, nameEn: category.nameEn, parentId, position },
        })
        .returning({ id: categories.id });
      if (row) categoryIds.set(category.slug, row.id);
    }

    const brandIds = new Map<string, number>();
    for (const brand of data.brands) {
      const [row] = await tx
        .insert(brands)
        .values(brand)
        .onConflictDoUpdate({ target: brands.slug, set: { name: brand.name } })
        .returning({ id: brands.id });
      if (row) brandIds.set(brand.slug, row.id);
    }

    let variantCount = 0;
    for (const product of data.products) {
      const categoryId = categoryIds.get(product.category);
      if (!categoryId)
        throw new Error(`Seed product ${product.slug} names unknown category ${product.category}`);
      const values = {
        slug: product.slug,
        nameTr: product.nameTr,
        nameEn: product.nameEn,
        descriptionTr: product.descriptionTr,
        descriptionEn: product.descriptionEn,
        brandId: brandIds.get(product.brand) ?? null,
        categoryId,
        active: product.active ?? true,
        featured: product.featured ?? false,
        taxClass: product.taxClass,
        createdAt: new Date(now.getTime() - product.createdDaysAgo * DAY_MS),
      };
      const [row] = await tx
        .insert(products)
        .values(values)
        .onConflictDoUpdate({ target: products.slug, set: { ...values, updatedAt: now } })
        .returning({ id: products.id });
      if (!row) continue;

      await tx.delete(productImages).where(sql`${productImages.productId} = ${row.id}`);
      await tx.insert(productImages).values({
        productId: row.id,
        url: `/images/products/${product.slug}.svg`,
        altTr: product.nameTr,
        altEn: product.nameEn,
        position: 0,
      });

      for (const [position, variant] of product.variants.entries()) {
        const variantValues = {
          productId: row.id,
          sku: variant.sku,
          nameTr: variantName(tr, variant.attributes),
          nameEn: variantName(en, variant.attributes),
          attributes: variant.attributes,
          price: variant.price,
          weightGrams: variant.weightGrams,
          lengthCm: variant.lengthCm,
          widthCm: variant.widthCm,
          heightCm: variant.heightCm,
          position,
        };
        const [saved] = await tx
          .insert(variants)
          .values(variantValues)
          .onConflictDoUpdate({ target: variants.sku, set: { ...variantValues, updatedAt: now } })
          .returning({ id: variants.id });
        if (!saved) continue;
        variantCount++;
        const created = await tx
          .insert(inventory)
          .values({ variantId: saved.id, onHand: variant.stock })
          .onConflictDoNothing()
          .returning({ variantId: inventory.variantId });
        if (created.length && variant.stock > 0) {
          await tx.insert(stockLedger).values({
            variantId: saved.id,
            onHandDelta: variant.stock,
            reason: "initial",
            reference: "seed",
          });
        }
      }
    }
    await seedPricing(tx, now);
    await seedDemoStaff(tx, now);
    return { products: data.products.length, variants: variantCount };
  });
}

export { DEMO_STAFF };

/**
 * Creates the demo staff account when no account has its email. Idempotent, and it never resets a
 * password someone changed since (e.g. with `npm run staff:create`).
 */
export async function seedDemoStaff(db: Database | Transaction, now = new Date()): Promise<boolean> {
  const [existing] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`${users.email} = ${DEMO_STAFF.email}`);
  if (existing) return false;
  const inserted = await db
    .insert(users)
    .values({
      email: DEMO_STAFF.email,
      name: DEMO_STAFF.name,
      role: DEMO_STAFF.role,
      passwordHash: await passwords.hash(DEMO_STAFF.password),
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id });
  return inserted.length > 0;
}
