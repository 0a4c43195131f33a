import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { type Executor, rows, type Transaction } from "@/db/client";
import type { InvoiceKind } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { translator } from "@/lib/i18n/translate";
import { enqueueJob } from "@/lib/jobs/queue";
import { sellerIdentity } from "@/lib/seller/settings";
import {
  buyerOf,
  creditBody,
  type InvoiceDocument,
  type ItemForInvoice,
  invoiceBody,
  type OrderForInvoice,
} from "./document";
import { integratorName } from "./earsiv";
import { invoiceDate, nextNumber, SERIES } from "./numbers";

async function orderForInvoice(tx: Executor, orderId: string) {
  const [order] = await rows<OrderForInvoice>(
    tx,
    sql`select order_no, email, currency, tax_included, subtotal, discount, shipping, fees, tax, total,
      billing_address, invoice_buyer, pricing from orders where id = ${orderId}`,
  );
  if (!order) throw new AppError("ORDER_NOT_FOUND", { orderId });
  const items = await rows<ItemForInvoice>(
    tx,
    sql`select id, sku, name, variant_name, qty, unit_price, line_total, discount, tax, tax_rate_bp
      from order_items where order_id = ${orderId} order by id`,
  );
  return { order, items };
}

/**
 * Numbers, stores and queues for e-Arşiv one document, in the caller's transaction: the number is taken
 * last, so the counter's row lock is held as briefly as the transaction allows.
 */
async function issue(
  tx: Transaction,
  input: {
    orderId: string;
    kind: InvoiceKind;
    refundId?: string;
    at: Date;
    build: (head: { number: string; uuid: string; issuedAt: string; issueDate: string }) => InvoiceDocument;
  },
) {
  const date = invoiceDate(input.at);
  const uuid = randomUUID();
  const numbered = await nextNumber(tx, SERIES[input.kind], date.year);
  const document = input.build({
    number: numbered.number,
    uuid,
    issuedAt: input.at.toISOString(),
    issueDate: date.text,
  });
  const [made] = await rows<{ id: number }>(
    tx,
    sql`insert into invoices (order_id, kind, refund_id, series, year, seq, number, uuid, total, document, issued_at)
      values (${input.orderId}, ${input.kind}, ${input.refundId ?? null}, ${numbered.series}, ${numbered.year},
        ${numbered.seq}, ${numbered.number}, ${uuid}, ${document.totals.total}, ${JSON.stringify(document)}::jsonb,
        ${input.at.toISOString()})
      returning id`,
  );
  if (!made) throw new Error(`invoice ${numbered.number} not stored`);
  await tx.execute(
    sql`insert into earsiv_submissions (invoice_id, integrator) values (${made.id}, ${integratorName()})`,
  );
  await enqueueJob(tx, "submit_earsiv", `earsiv:${made.id}`, { invoiceId: made.id }, { maxAttempts: 20 });
  return { id: made.id, number: numbered.number };
}

const labels = () => {
  const t = translator("tr", "invoices");
  const tp = translator("tr", "pricing");
  return {
    shipping: t("pdf.shipping"),
    fee: (kind: string) => tp(`fee.${kind}` as "fee.gift_wrap"),
    refundAt: (rateBp: number) => t("pdf.refundLine", { rate: rateBp / 100 }),
  };
};

/**
 * The order's invoice, issued when it is paid (card) or confirmed by staff (cash on delivery, bank
 * transfer), inside that transaction. Callers hold the order's row lock (the status transition takes it),
 * so one order cannot be invoiced twice; an order invoiced already is left as it is.
 */
export async function issueInvoice(tx: Transaction, orderId: string, at: Date) {
  const [existing] = await rows<{ id: number; number: string }>(
    tx,
    sql`select id, number from invoices where order_id = ${orderId} and kind = 'invoice'`,
  );
  if (existing) return existing;
  const { order, items } = await orderForInvoice(tx, orderId);
  const seller = await sellerIdentity(tx);
  return issue(tx, {
    orderId,
    kind: "invoice",
    at,
    build: (head) => ({
      kind: "invoice",
      ...head,
      orderNo: order.order_no,
      currency: order.currency,
      taxIncluded: order.tax_included,
      seller,
      buyer: buyerOf(order),
      ...invoiceBody(order, items, labels()),
    }),
  });
}

/**
 * A credit note for a refund, in the refund's transaction: the refunded units when the refund names them
 * (and its amount is theirs), else the amount split over the invoice's KDV rates. Orders without an
 * invoice (never paid) get none.
 */
export async function issueCreditNote(
  tx: Transaction,
  refund: {
    id: string;
    orderId: string;
    amount: number;
    reason: string;
    items?: { itemId: number; qty: number }[];
  },
  at: Date,
) {
  const [invoice] = await rows<{ document: InvoiceDocument }>(
    tx,
    sql`select document from invoices where order_id = ${refund.orderId} and kind = 'invoice'`,
  );
  if (!invoice) return null;
  const { items } = await orderForInvoice(tx, refund.orderId);
  const refunded = (refund.items ?? []).flatMap(({ itemId, qty }) => {
    const item = items.find((i) => i.id === itemId);
    return item ? [{ item, qty }] : [];
  });
  const original = invoice.document;
  return issue(tx, {
    orderId: refund.orderId,
    kind: "credit_note",
    refundId: refund.id,
    at,
    build: (head) => ({
      ...original,
      kind: "credit_note",
      ...head,
      invoiceNumber: original.number,
      refund: { id: refund.id, reason: refund.reason },
      ...creditBody(original, refund.amount, refunded, labels().refundAt),
    }),
  });
}

export interface InvoiceSummary {
  kind: InvoiceKind;
  number: string;
  total: number;
  issuedAt: string;
  earsiv: {
    integrator: string;
    status: string;
    reference: string | null;
    attempts: number;
    error: string | null;
  };
}

/** An order's invoice and credit notes, oldest first, with where each stands at the e-Arşiv integrator. */
export async function invoicesOf(db: Executor, orderId: string): Promise<InvoiceSummary[]> {
  const found = await rows<{
    kind: InvoiceKind;
    number: string;
    total: string;
    issued_at: Date | string;
    integrator: string | null;
    status: string | null;
    reference: string | null;
    attempts: number | null;
    error: string | null;
  }>(
    db,
    sql`select i.kind, i.number, i.total, i.issued_at, s.integrator, s.status, s.reference, s.attempts, s.error
      from invoices i left join earsiv_submissions s on s.invoice_id = i.id
      where i.order_id = ${orderId} order by i.issued_at, i.id`,
  );
  return found.map((row) => ({
    kind: row.kind,
    number: row.number,
    total: Number(row.total),
    issuedAt: new Date(row.issued_at).toISOString(),
    earsiv: {
      integrator: row.integrator ?? "",
      status: row.status ?? "pending",
      reference: row.reference,
      attempts: row.attempts ?? 0,
      error: row.error,
    },
  }));
}

/**
 * A document of an order for download: its invoice (no `number`) or one of its credit notes. 404 when the
 * order or the credit note does not exist, 409 INVOICE_NOT_READY while the order is not invoiced yet.
 */
export async function orderDocument(
  db: Executor,
  orderId: string,
  orderNo: string,
  number?: string,
): Promise<InvoiceDocument> {
  const [found] = await rows<{ document: InvoiceDocument }>(
    db,
    number
      ? sql`select document from invoices where order_id = ${orderId} and kind = 'credit_note' and number = ${number}`
      : sql`select document from invoices where order_id = ${orderId} and kind = 'invoice'`,
  );
  if (found) return found.document;
  if (number) throw new AppError("NOT_FOUND", { orderNo, number });
  throw new AppError("INVOICE_NOT_READY", { orderNo });
}
