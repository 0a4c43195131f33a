import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { type Executor, rows } from "@/db/client";
import { TAX_CLASSES, type TaxClass } from "@/db/schema";
import { invalidatePricingConfig } from "@/lib/cart/pricing";
import type { TaxRatesInput } from "@/lib/pricing/edit-schemas";

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
