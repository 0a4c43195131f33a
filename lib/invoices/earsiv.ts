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

/** The integrator refused a document: sending it again cannot help (staff see why on the order page). */
export class EarsivRejected extends Error {}

/**
 * The `submit_earsiv` job: sends one document to its integrator (once: the reference is kept) and asks
 * where it stands. Not accepted yet, or the integrator failing, throws, so the queue tries again with
 * backoff; the submission row says so to staff (attempts, error). A rejection is final (EarsivRejected).
 */
export async function submitToEarsiv(
  db: Database,
  invoiceId: number,
  integrators: Record<string, EarsivIntegrator> = INTEGRATORS,
): Promise<void> {
  const [row] = await rows<{
    integrator: string;
    status: string;
    reference: string | null;
    document: InvoiceDocument;
  }>(
    db,
    sql`select s.integrator, s.status, s.reference, i.document from earsiv_submissions s
      join invoices i on i.id = s.invoice_id where s.invoice_id = ${invoiceId}`,
  );
  if (!row || row.status === "accepted") return;
  const record = (status: "pending" | "accepted" | "failed", error: string | null) =>
    db.execute(sql`update earsiv_submissions set status = ${status}, attempts = attempts + 1, error = ${error},
      accepted_at = ${status === "accepted" ? sql`now()` : null}, updated_at = now() where invoice_id = ${invoiceId}`);
  let state: Awaited<ReturnType<EarsivIntegrator["status"]>>;
  try {
    const integrator = integrators[row.integrator];
    if (!integrator) throw new Error(`unknown e-Arşiv integrator ${row.integrator}`);
    let reference = row.reference;
    if (!reference) {
      reference = await integrator.submit(db, { invoiceId, document: row.document });
      await db.execute(
        sql`update earsiv_submissions set reference = ${reference} where invoice_id = ${invoiceId}`,
      );
    }
    state = await integrator.status(db, reference);
  } catch (error) {
    await record("failed", (error instanceof Error ? error.message : String(error)).slice(0, 500));
    throw error;
  }
  if (state === "accepted") {
    await record("accepted", null);
    return;
  }
  if (state === "rejected") {
    await record("failed", "rejected by the integrator");
    throw new EarsivRejected(`invoice ${invoiceId} rejected by ${row.integrator}`);
  }
  await record("pending", null);
  throw new Error(`invoice ${invoiceId} not accepted by ${row.integrator} yet`);
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
