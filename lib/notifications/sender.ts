import "server-only";
import { z } from "zod";
import type { Database } from "@/db/client";
import { env } from "@/lib/env";
import { DEFAULT_LOCALE, isLocale } from "@/lib/i18n/locale";
import { eventDone, markEventDone } from "@/lib/jobs/queue";
import { contractFile, orderContract } from "@/lib/legal/contracts";
import { EMAIL_KINDS, type EmailMessage } from "./emails";
import { EmailContentError, type EmailSite, loadEmailOrder, renderOrderEmail } from "./templates";
import { type EmailTransport, type OutgoingEmail, TransportError, transportFor } from "./transport";

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

/**
 * What a retry cannot fix, for an email, SMS or push job: a malformed job, an unknown order, a request
 * the provider (Resend, Netgsm) rejects as invalid.
 */
export function isPermanentFailure(error: unknown): boolean {
  return error instanceof EmailContentError || (error instanceof TransportError && error.permanent);
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
  if (await eventDone(db, eventKey)) return;
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
  // The order confirmation carries the pre-information form and the contract the buyer accepted.
  const contract = message.kind === "order_received" ? await orderContract(db, asked.orderNo) : null;
  const email = {
    eventKey,
    from: options.from ?? env().EMAIL_FROM,
    to: asked.to,
    ...rendered,
    attachments: contract ? [contractFile(contract)] : [],
  };
  await deliverOnce(db, email, transport);
}

/**
 * Sends a rendered email at most once per event key: the development mailbox stores it in the
 * transaction that marks its event done; other transports are called first (Resend gets the event key as
 * its idempotency key).
 */
export async function deliverOnce(
  db: Database,
  email: OutgoingEmail,
  transport: EmailTransport,
): Promise<void> {
  if (transport.transactional) {
    await db.transaction(async (tx) => {
      if (await markEventDone(tx, email.eventKey)) await transport.send(email, tx);
    });
  } else {
    await transport.send(email, db);
    await markEventDone(db, email.eventKey);
  }
}
