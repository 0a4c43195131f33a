import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { belongsToText, bigId, nowTimestamp } from "./columns";
import { orders, refunds } from "./orders";

/** Who an order's invoice is made out to, as chosen at checkout (orders.invoice_buyer; lib/invoices/schemas.ts). */
export type InvoiceBuyer =
  | { type: "individual"; name?: string; nationalId?: string }
  | { type: "corporate"; name: string; taxOffice: string; taxNumber: string };

export const INVOICE_KINDS = ["invoice", "credit_note"] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];

/**
 * The last number given per series and year. Numbers come from this row, updated under its row lock in
 * the transaction that inserts the invoice: a rolled-back invoice gives its number back, so numbers have
 * no gaps (a PostgreSQL sequence would leave one on every rollback).
 */
export const invoiceCounters = pgTable(
  "invoice_counters",
  {
    series: text().notNull(),
    year: integer().notNull(),
    last: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.series, t.year] })],
);

/**
 * Invoices (one per order, when it is paid or confirmed) and credit notes (one per refund). `document` is
 * what the PDF prints, frozen at issue: later edits of the order, the catalogue or the seller never change
 * it (a trigger refuses updates of the number and the document).
 */
export const invoices = pgTable(
  "invoices",
  {
    id: bigId(),
    orderId: belongsToText(() => orders.id),
    kind: text().$type<InvoiceKind>().notNull(),
    /** The refund a credit note is for. */
    refundId: text()
      .unique()
      .references(() => refunds.id, { onDelete: "cascade" }),
    series: text().notNull(),
    year: integer().notNull(),
    seq: integer().notNull(),
    /** Series + year + 9 digits, e.g. CRS2026000000001. */
    number: text().notNull().unique(),
    /** The ETTN an e-Arşiv integrator identifies the document by. */
    uuid: uuid().notNull().defaultRandom(),
    total: bigint({ mode: "number" }).notNull(),
    /** lib/invoices/document.ts's InvoiceDocument. */
    document: jsonb().notNull(),
    issuedAt: nowTimestamp(),
  },
  (t) => [
    uniqueIndex().on(t.series, t.year, t.seq),
    uniqueIndex("invoices_one_per_order").on(t.orderId).where(sql`${t.kind} = 'invoice'`),
    index().on(t.orderId),
    check("invoices_kind_check", sql`${t.kind} in ('invoice', 'credit_note')`),
    check("invoices_refund_check", sql`(${t.kind} = 'credit_note') = (${t.refundId} is not null)`),
  ],
);

export const EARSIV_STATUSES = ["pending", "accepted", "failed"] as const;
export type EarsivStatus = (typeof EARSIV_STATUSES)[number];

/** Each issued document's way to the e-Arşiv integrator (lib/invoices/earsiv.ts), written with the document. */
export const earsivSubmissions = pgTable(
  "earsiv_submissions",
  {
    invoiceId: bigint({ mode: "number" })
      .primaryKey()
      .references(() => invoices.id, { onDelete: "cascade" }),
    integrator: text().notNull(),
    status: text().$type<EarsivStatus>().notNull().default("pending"),
    /** The integrator's id of the document once accepted. */
    reference: text(),
    attempts: integer().notNull().default(0),
    error: text(),
    updatedAt: nowTimestamp(),
    acceptedAt: timestamp({ withTimezone: true }),
  },
  (t) => [check("earsiv_submissions_status_check", sql`${t.status} in ('pending', 'accepted', 'failed')`)],
);

/** The development integrator's outbox: what would have been sent to GİB's e-Arşiv, one row per document. */
export const earsivDevOutbox = pgTable("earsiv_dev_outbox", {
  id: bigId(),
  invoiceId: bigint({ mode: "number" })
    .notNull()
    .unique()
    .references(() => invoices.id, { onDelete: "cascade" }),
  reference: text().notNull(),
  payload: jsonb().notNull(),
  createdAt: nowTimestamp(),
});
