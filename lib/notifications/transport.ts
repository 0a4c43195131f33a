import "server-only";
import { Resend } from "resend";
import type { Database, Transaction } from "@/db/client";
import { devEmails } from "@/db/schema";
import type { Env } from "@/lib/env";
import { log } from "@/lib/log";

/** One rendered email, ready to leave the store. */
export interface OutgoingEmail {
  /** The event key of the email's job: the email's identity, also Resend's idempotency key. */
  eventKey: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Files sent with it (the order confirmation carries the accepted contract). */
  attachments?: EmailAttachment[];
}

export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/**
 * Where emails go. A `transactional` transport writes with the transaction that marks the email's event
 * sent (the development mailbox), so "stored" and "sent" commit together and an email is never stored
 * twice. Other transports talk to the outside world; they are called before the event is marked sent.
 */
export interface EmailTransport {
  readonly name: string;
  readonly transactional: boolean;
  send(email: OutgoingEmail, db: Database | Transaction): Promise<void>;
}

/** A delivery that failed. `permanent` ones (a malformed address, a rejected sender) are not retried. */
export class TransportError extends Error {
  override name = "TransportError";
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
  }
}

/** The development mailbox (dev_emails, shown at /admin/mailbox): what the store would have sent. */
export function mailboxTransport(): EmailTransport {
  return {
    name: "mailbox",
    transactional: true,
    async send(email, db) {
      await db.insert(devEmails).values({
        eventKey: email.eventKey,
        to: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
        attachments: email.attachments ?? [],
      });
    },
  };
}

/** Resend answers that retrying the same request cannot fix. */
const PERMANENT_RESEND_ERRORS = new Set([
  "validation_error",
  "missing_required_field",
  "invalid_parameter",
  "invalid_from_address",
  "invalid_attachment",
  "invalid_idempotency_key",
  // The key was used with a different body within 24 h: an earlier attempt already reached Resend.
  "invalid_idempotent_request",
]);

export interface ResendTransportOptions {
  apiKey: string;
  /** Defaults to what the SDK reads itself: RESEND_BASE_URL, else https://api.resend.com. */
  baseUrl?: string;
  /** Per request; an unanswered request counts as a failed attempt and is retried later. */
  timeoutMs?: number;
}

/**
 * Sends through Resend with the event key as the idempotency key, so a retry after a lost answer (or a
 * run of the job repeated after a crash) is accepted by Resend without sending the email again (24 h window).
 */
export function resendTransport({
  apiKey,
  baseUrl,
  timeoutMs = 15_000,
}: ResendTransportOptions): EmailTransport {
  const client = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  return {
    name: "resend",
    transactional: false,
    async send(email) {
      const { error } = await client.emails.send(
        {
          from: email.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          attachments: email.attachments?.map(({ filename, contentType, content }) => ({
            filename,
            contentType,
            content: Buffer.from(content),
          })),
        },
        { idempotencyKey: email.eventKey, signal: AbortSignal.timeout(timeoutMs) },
      );
      if (error) {
        const status = typeof error.statusCode === "number" ? error.statusCode : "no answer";
        throw new TransportError(
          `Resend ${status} ${error.name ?? "error"}: ${error.message ?? ""}`.trim().slice(0, 500),
          PERMANENT_RESEND_ERRORS.has(error.name),
        );
      }
    },
  };
}

let warned = false;

/** Resend when RESEND_API_KEY is set, else the development mailbox (with one warning in production). */
export function transportFor(config: Pick<Env, "RESEND_API_KEY" | "NODE_ENV">): EmailTransport {
  if (config.RESEND_API_KEY) return resendTransport({ apiKey: config.RESEND_API_KEY });
  if (config.NODE_ENV === "production" && !warned) {
    warned = true;
    log.warn("RESEND_API_KEY is not set: order emails are kept in /admin/mailbox and not sent.");
  }
  return mailboxTransport();
}
