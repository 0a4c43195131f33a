import type { Executor } from "@/db/client";
import type { Locale } from "@/lib/i18n/locale";
import { enqueueJob } from "@/lib/jobs/queue";
import { enqueueShopperChannels } from "./channels";

export const EMAIL_KINDS = [
  "order_received",
  "payment_confirmed",
  "payment_failed",
  "shipped",
  "out_for_delivery",
  "delivered",
  "refunded",
  "return_requested",
  "return_approved",
  "return_rejected",
  "return_received",
] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

export interface EmailMessage {
  kind: EmailKind;
  to: string;
  locale: Locale;
  orderNo: string;
  /** What the event adds to the order's snapshot: a tracking number, a refunded amount… */
  data?: Record<string, string | number | null>;
}

/**
 * Attempts of an email job: graphile-worker waits e^n seconds after the n-th failure (3 s, 7 s, 20 s …
 * 2 h 15 min), so the 10th and last comes about 3.5 hours after the first. db/migrations/0010_jobs.sql
 * gave the emails it carried over from the old outbox the same number.
 */
export const EMAIL_MAX_ATTEMPTS = 10;

/**
 * Queues an email as a `send_email` job inside the caller's transaction, so it exists if and only if the
 * change that causes it commits. `eventKey` names the event (e.g. "payment_confirmed:SF-2026-001001"):
 * the same event enqueued twice is stored once, so each email is sent at most once per event. The
 * event's SMS and push, when the shopper's account asked for them, are queued with it (./channels.ts).
 */
export async function enqueueEmail(tx: Executor, eventKey: string, message: EmailMessage): Promise<void> {
  await enqueueJob(tx, "send_email", eventKey, { eventKey, message }, { maxAttempts: EMAIL_MAX_ATTEMPTS });
  await enqueueShopperChannels(tx, eventKey, message);
}
