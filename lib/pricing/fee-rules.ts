import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { type Executor, rows } from "@/db/client";
import { FEE_KINDS, type FeeKind } from "@/db/schema";
import { invalidatePricingConfig } from "@/lib/cart/pricing";
import { AppError } from "@/lib/errors";
import { type FeeInput, pricingCode } from "@/lib/pricing/edit-schemas";

/**
 * The fee rules (cash-on-delivery fee, gift wrapping): one rule per kind. Carts read them through the
 * short-lived cache in lib/cart/pricing.ts, which a save clears.
 */

export interface AdminFee {
  kind: FeeKind;
  nameTr: string;
  nameEn: string;
  amount: number;
  minOrder: number | null;
  freeAbove: number | null;
  active: boolean;
}

interface FeeRow {
  kind: FeeKind;
  name_tr: string;
  name_en: string;
  amount: string | number;
  min_order: string | number | null;
  free_above: string | number | null;
  active: boolean;
}

const amountOrNull = (value: string | number | null) => (value === null ? null : Number(value));

/** Every kind the store knows, in a fixed order; null for a kind without a rule yet. */
export async function listFees(db: Executor): Promise<{ kind: FeeKind; rule: AdminFee | null }[]> {
  const found = await rows<FeeRow>(db, sql`select * from fee_rules`);
  return FEE_KINDS.map((kind) => {
    const row = found.find((r) => r.kind === kind);
    return {
      kind,
      rule: row
        ? {
            kind,
            nameTr: row.name_tr,
            nameEn: row.name_en,
            amount: Number(row.amount),
            minOrder: amountOrNull(row.min_order),
            freeAbove: amountOrNull(row.free_above),
            active: row.active,
          }
        : null,
    };
  });
}

/**
 * Creates or replaces the rule of a kind (the fees page). `create` (the admin API's POST) refuses a kind
 * that has a rule with 409 ALREADY_EXISTS instead of replacing it.
 */
export async function saveFee(
  db: Database,
  input: FeeInput,
  mode: "save" | "create" = "save",
): Promise<AdminFee> {
  const onConflict =
    mode === "create"
      ? sql`do nothing`
      : sql`do update set name_tr = excluded.name_tr, name_en = excluded.name_en,
        amount = excluded.amount, min_order = excluded.min_order, free_above = excluded.free_above,
        active = excluded.active`;
  const saved = await db.transaction(async (tx) => {
    const written = await rows<{ id: number }>(
      tx,
      sql`insert into fee_rules (kind, name_tr, name_en, amount, min_order, free_above, active)
        values (${input.kind}, ${input.nameTr}, ${input.nameEn}, ${input.amount}, ${input.minOrder}, ${input.freeAbove},
          ${input.active})
        on conflict (kind) ${onConflict} returning id`,
    );
    if (written.length === 0) {
      throw new AppError("ALREADY_EXISTS", {
        fields: { kind: pricingCode("feeKindTaken") },
        taken: input.kind,
      });
    }
    return getFee(tx, input.kind);
  });
  invalidatePricingConfig();
  return saved;
}

/** The rule of a kind; 404 NOT_FOUND when the kind has none. */
export async function getFee(db: Executor, kind: FeeKind): Promise<AdminFee> {
  const fee = (await listFees(db)).find((f) => f.kind === kind)?.rule;
  if (!fee) throw new AppError("NOT_FOUND", { kind });
  return fee;
}

/** Removes the rule of a kind: that fee is no longer charged (orders keep the fees they were charged). */
export async function deleteFee(db: Database, kind: FeeKind): Promise<void> {
  const deleted = await rows<{ id: number }>(
    db,
    sql`delete from fee_rules where kind = ${kind} returning id`,
  );
  if (deleted.length === 0) throw new AppError("NOT_FOUND", { kind });
  invalidatePricingConfig();
}
