import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { type Executor, rows } from "@/db/client";
import { TAX_CLASSES, type TaxClass } from "@/db/schema";
import { invalidatePricingConfig } from "@/lib/cart/pricing";
import { AppError } from "@/lib/errors";
import { pricingCode, type TaxRatesInput } from "@/lib/pricing/edit-schemas";

/**
 * KDV rates per tax class (basis points: 2000 = 20 %). Whether a zone charges KDV at all is the zone's
 * own switch (lib/shipping/staff.ts). Carts read the rates through a short-lived cache in
 * lib/cart/pricing.ts, which a save clears so the next cart read uses the new rate.
 */

export async function getTaxRates(db: Executor): Promise<Record<TaxClass, number | null>> {
  const found = await rows<{ tax_class: TaxClass; rate_bp: number }>(
    db,
    sql`select tax_class, rate_bp from tax_rates`,
  );
  return Object.fromEntries(
    TAX_CLASSES.map((taxClass) => [taxClass, found.find((r) => r.tax_class === taxClass)?.rate_bp ?? null]),
  ) as Record<TaxClass, number | null>;
}

/** Sets every class's rate in one transaction. */
export async function saveTaxRates(
  db: Database,
  input: TaxRatesInput,
): Promise<Record<TaxClass, number | null>> {
  const saved = await db.transaction(async (tx) => {
    const values = TAX_CLASSES.map((taxClass) => sql`(${taxClass}, ${input[taxClass]})`);
    await tx.execute(sql`insert into tax_rates (tax_class, rate_bp) values ${sql.join(values, sql`, `)}
      on conflict (tax_class) do update set rate_bp = excluded.rate_bp`);
    return getTaxRates(tx);
  });
  invalidatePricingConfig();
  return saved;
}

/*
 * The admin API's tax classes (/api/admin/tax-classes). The classes themselves are fixed (a product's
 * tax_class); what the API creates and deletes is a class's KDV rate. Every price the cart works out
 * needs the rate of its products' classes and of `standard`, so a rate those still need is not deleted.
 */

export interface AdminTaxClass {
  taxClass: TaxClass;
  rateBp: number;
  /** Products filed under this class. */
  productCount: number;
}

const taxClassSelect = sql`select t.tax_class as "taxClass", t.rate_bp as "rateBp",
    (select count(*)::int from products p where p.tax_class = t.tax_class) as "productCount"
  from tax_rates t`;

export async function listTaxClasses(db: Executor): Promise<AdminTaxClass[]> {
  const found = await rows<AdminTaxClass>(db, taxClassSelect);
  return TAX_CLASSES.flatMap((taxClass) => found.filter((row) => row.taxClass === taxClass));
}

export async function getTaxClass(db: Executor, taxClass: TaxClass): Promise<AdminTaxClass> {
  const [found] = await rows<AdminTaxClass>(db, sql`${taxClassSelect} where t.tax_class = ${taxClass}`);
  if (!found) throw new AppError("NOT_FOUND", { taxClass });
  return found;
}

/** Gives a class without a rate its rate; a class that has one is 409 ALREADY_EXISTS. */
export async function createTaxRate(
  db: Database,
  taxClass: TaxClass,
  rateBp: number,
): Promise<AdminTaxClass> {
  const inserted = await rows<{ taxClass: TaxClass }>(
    db,
    sql`insert into tax_rates (tax_class, rate_bp) values (${taxClass}, ${rateBp})
      on conflict (tax_class) do nothing returning tax_class as "taxClass"`,
  );
  if (inserted.length === 0) {
    throw new AppError("ALREADY_EXISTS", {
      fields: { taxClass: pricingCode("taxClassTaken") },
      taken: taxClass,
    });
  }
  invalidatePricingConfig();
  return getTaxClass(db, taxClass);
}

export async function setTaxRate(db: Database, taxClass: TaxClass, rateBp: number): Promise<AdminTaxClass> {
  const updated = await rows<{ taxClass: TaxClass }>(
    db,
    sql`update tax_rates set rate_bp = ${rateBp} where tax_class = ${taxClass} returning tax_class as "taxClass"`,
  );
  if (updated.length === 0) throw new AppError("NOT_FOUND", { taxClass });
  invalidatePricingConfig();
  return getTaxClass(db, taxClass);
}

/**
 * Removes a class's rate. 409 IN_USE (`reason` "products" with `count`, or "standard": the rate every
 * cart is checked against) when prices still need it; nothing changes then.
 */
export async function deleteTaxRate(db: Database, taxClass: TaxClass): Promise<void> {
  await db.transaction(async (tx) => {
    const [found] = await rows<{ rate_bp: number }>(
      tx,
      sql`select rate_bp from tax_rates where tax_class = ${taxClass} for update`,
    );
    if (!found) throw new AppError("NOT_FOUND", { taxClass });
    if (taxClass === "standard") throw new AppError("IN_USE", { reason: "standard" });
    // Counted after the lock, in a statement of its own: a product saved meanwhile (it key-share locks
    // this rate, lib/catalog/products.ts) has committed by now and is seen.
    const [used] = await rows<{ products: number }>(
      tx,
      sql`select count(*)::int as products from products where tax_class = ${taxClass}`,
    );
    if (used && used.products > 0) throw new AppError("IN_USE", { reason: "products", count: used.products });
    await tx.execute(sql`delete from tax_rates where tax_class = ${taxClass}`);
  });
  invalidatePricingConfig();
}
