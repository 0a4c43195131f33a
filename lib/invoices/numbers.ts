import { sql } from "drizzle-orm";
import { rows, type Transaction } from "@/db/client";
import type { InvoiceKind } from "@/db/schema";

/** GİB e-Arşiv numbers: a 3-letter series, the year and a 9-digit count, e.g. CRS2026000000001. */
export const SERIES: Record<InvoiceKind, string> = { invoice: "CRS", credit_note: "CRI" };

export function formatInvoiceNumber(series: string, year: number, seq: number): string {
  return `${series}${year}${String(seq).padStart(9, "0")}`;
}

/**
 * The next number of a series in a year, taken in the caller's transaction: the counter row is created or
 * incremented in one statement, which holds its row lock until the transaction ends. Concurrent issuers
 * queue there, and a transaction that rolls back gives its number back, so the numbers have no gaps.
 */
export async function nextNumber(tx: Transaction, series: string, year: number) {
  const [row] = await rows<{ last: number }>(
    tx,
    sql`insert into invoice_counters (series, year, last) values (${series}, ${year}, 1)
      on conflict (series, year) do update set last = invoice_counters.last + 1 returning last`,
  );
  if (!row) throw new Error(`no invoice number for ${series} ${year}`);
  return { series, year, seq: row.last, number: formatInvoiceNumber(series, year, row.last) };
}
