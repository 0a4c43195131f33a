import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, Executor } from "@/db/client";
import { env } from "@/lib/env";
import { DEFAULT_LOCALE, isLocale } from "@/lib/i18n/locale";
import { EMAIL_KINDS, type EmailMessage } from "./emails";
import { EmailContentError, type EmailSite, loadEmailOrder, renderOrderEmail } from "./templates";
import { type EmailTransport, TransportError, transportFor } from "./transport";

export interface SendEmailOptions {
  /** Where emails go; defaults to Resend when RESEND_API_KEY is set, else the development mailbox. */
  transport?: EmailTransport;
  /** Sender address; defaults to EMAIL_FROM. */
  from?: string;
  /** Store name and public URL; default from the environment. */
  site?: EmailSite;
}

const jobSchema = z.object({
  eventKey: z.string().min(1),
  message: z.object({
    kind: z.enum(EMAIL_KINDS),
    to: z.string().trim().min(3),
    locale: z.string().optional(),
    orderNo: z.string().min(1),
    data: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).optional(),
  }),
});

/** What a retry cannot fix: a malformed job, an unknown order, a request Resend rejects as invalid. */
export function isPermanentEmailFailure(error: unknown): boolean {
  return error instanceof EmailContentError || (error instanceof TransportError && error.permanent);
}

/** Marks the event's email sent; false when an earlier run of the job already did. */
async function markSent(db: Executor, eventKey: string): Promise<boolean> {
  const updated = await db.execute(sql`update job_events set done_at = now()
    where event_key = ${eventKey} and done_at is null returning event_key`);
  return updated.length === 1;
}

/**
 * The `send_email` job: renders the order's snapshot (read by order number, in the message's language)
 * and delivers it, at most once per event even when the job runs again after a crash. The development
 * mailbox stores the email in the transaction that marks its event sent; Resend is called first and
 * gets the event key as its idempotency key, so a run repeated after a lost answer does not send twice.
 * Throws when the attempt failed; graphile-worker retries it with backoff.
 */
export async function sendEmailJob(
  db: Database,
  payload: unknown,
  options: SendEmailOptions = {},
): Promise<void> {
  const parsed = jobSchema.safeParse(payload);
  if (!parsed.success) throw new EmailContentError(`malformed email job: ${parsed.error.issues[0]?.message}`);
  const { eventKey, message: asked } = parsed.data;
  const [event] = await db.execute(sql`select done_at from job_events where event_key = ${eventKey}`);
  if (event?.done_at) return;
  const order = await loadEmailOrder(db, asked.orderNo);
  if (!order) throw new EmailContentError(`order ${asked.orderNo} not found`);
  const locale = isLocale(asked.locale)
    ? asked.locale
    : isLocale(order.locale)
      ? order.locale
      : DEFAULT_LOCALE;
  const message: EmailMessage = { ...asked, locale };
  const rendered = await renderOrderEmail(message, order, options.site);
  const transport = options.transport ?? transportFor(env());
  const email = { eventKey, from: options.from ?? env().EMAIL_FROM, to: asked.to, ...rendered };
  if (transport.transactional) {
    await db.transaction(async (tx) => {
      if (await markSent(tx, eventKey)) await transport.send(email, tx);
    });
  } else {
    await transport.send(email, db);
    await markSent(db, eventKey);
  }
}
