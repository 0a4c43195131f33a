import { sql } from "drizzle-orm";
import { type Database, type Executor, rows } from "@/db/client";
import { env } from "@/lib/env";
import type { InvoiceDocument } from "./document";

/**
 * Sending issued documents to GİB's e-Arşiv goes through an integrator (a private company licensed by
 * GİB). Each is an `EarsivIntegrator`; EARSIV_INTEGRATOR chooses which one the store uses. A real one
 * (Uyumsoft, Logo, Foriba…) maps the document to its API's UBL-TR call in `submit` and reads its state
 * in `status`; add it to INTEGRATORS and its name to EARSIV_INTEGRATOR's list in lib/env.ts.
 */
export interface EarsivIntegrator {
  name: string;
  /** Sends a document; resolves with the integrator's reference. Sending the same ETTN twice must not duplicate it. */
  submit(db: Executor, submission: { invoiceId: number; document: InvoiceDocument }): Promise<string>;
  /** Where a sent document stands at the integrator. */
  status(db: Executor, reference: string): Promise<"accepted" | "pending" | "rejected">;
}

/** What an integrator receives: the document with its ETTN, as GİB's e-Arşiv portal takes it. */
export function earsivPayload(document: InvoiceDocument) {
  return {
    ettn: document.uuid,
    profile: "EARSIVFATURA",
    type: document.kind === "invoice" ? "SATIS" : "IADE",
    number: document.number,
    issueDate: document.issuedAt,
    currency: document.currency,
    seller: {
      vkn: document.seller.taxNumber,
      title: document.seller.legalName,
      taxOffice: document.seller.taxOffice,
    },
    buyer: {
      vknTckn: document.buyer.taxNumber ?? document.buyer.nationalId ?? "11111111111",
      name: document.buyer.name,
      taxOffice: document.buyer.taxOffice ?? null,
      email: document.buyer.email,
      address: document.buyer.address,
    },
    lines: document.lines,
    taxes: document.taxes,
    totals: document.totals,
    ...(document.invoiceNumber ? { returnOf: document.invoiceNumber } : {}),
  };
}

/** The development integrator: keeps what would have been sent in earsiv_dev_outbox, once per document. */
const development: EarsivIntegrator = {
  name: "development",
  async submit(db, { invoiceId, document }) {
    const reference = `DEV-${document.uuid}`;
    await db.execute(sql`insert into earsiv_dev_outbox (invoice_id, reference, payload)
      values (${invoiceId}, ${reference}, ${JSON.stringify(earsivPayload(document))}::jsonb)
      on conflict (invoice_id) do nothing`);
    return reference;
  },
  async status() {
    return "accepted";
  },
};

const INTEGRATORS: Record<string, EarsivIntegrator> = { development };

export const integratorName = () => env().EARSIV_INTEGRATOR;

/**
 * The `submit_earsiv` job: sends one document to its integrator and records the answer. A failure is
 * recorded on the submission (attempts, error, shown to staff) and thrown, so the queue retries it with
 * backoff; a document accepted already is not sent again.
 */
export async function submitToEarsiv(
  db: Database,
  invoiceId: number,
  integrators: Record<string, EarsivIntegrator> = INTEGRATORS,
): Promise<void> {
  const [row] = await rows<{ integrator: string; status: string; document: InvoiceDocument }>(
    db,
    sql`select s.integrator, s.status, i.document from earsiv_submissions s join invoices i on i.id = s.invoice_id
      where s.invoice_id = ${invoiceId}`,
  );
  if (!row || row.status === "accepted") return;
  try {
    const integrator = integrators[row.integrator];
    if (!integrator) throw new Error(`unknown e-Arşiv integrator ${row.integrator}`);
    const reference = await integrator.submit(db, { invoiceId, document: row.document });
    await db.execute(sql`update earsiv_submissions set status = 'accepted', reference = ${reference},
      attempts = attempts + 1, error = null, accepted_at = now(), updated_at = now() where invoice_id = ${invoiceId}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.execute(sql`update earsiv_submissions set status = 'failed', attempts = attempts + 1,
      error = ${message.slice(0, 500)}, updated_at = now() where invoice_id = ${invoiceId}`);
    throw error;
  }
}

/** What the development integrator recorded for an order's documents (the admin order page). */
export async function devOutboxOf(db: Executor, orderId: string) {
  const found = await rows<{
    number: string;
    reference: string;
    payload: unknown;
    created_at: Date | string;
  }>(
    db,
    sql`select i.number, o.reference, o.payload, o.created_at from earsiv_dev_outbox o
      join invoices i on i.id = o.invoice_id where i.order_id = ${orderId} order by o.id`,
  );
  return found.map((row) => ({
    number: row.number,
    reference: row.reference,
    payload: JSON.stringify(row.payload, null, 2),
    createdAt: new Date(row.created_at).toISOString(),
  }));
}
