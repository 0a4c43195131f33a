import { sql } from "drizzle-orm";
import { rows, type Transaction } from "@/db/client";
import type { InvoiceKind } from "@/db/schema";
import { STORE_TIME_ZONE } from "@/lib/i18n/dates";

/** GİB e-Arşiv numbers: a 3-letter series, the year and a 9-digit count, e.g. CRS2026000000001. */
export const SERIES: Record<InvoiceKind, string> = { invoice: "CRS", credit_note: "CRI" };

/** dd.MM.yyyy in the store's zone (lib/i18n/dates.ts): the `short` style drops the day's leading zero. */
const PRINTED_DATE = new Intl.DateTimeFormat("tr-TR", {
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  timeZone: STORE_TIME_ZONE,
});

/** An invoice's year and printed date are Istanbul's: one paid at 00:30 on 1 January is the new year's. */
export function invoiceDate(at: Date): { year: number; text: string } {
  const parts = PRINTED_DATE.formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { year: Number(part("year")), text: `${part("day")}.${part("month")}.${part("year")}` };
}

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
