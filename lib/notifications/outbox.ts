import { sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import type { Locale } from "@/lib/i18n/locale";

export const EMAIL_KINDS = [
  "order_received",
  "payment_confirmed",
  "payment_failed",
  "shipped",
  "refunded",
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
 * Writes an email to the outbox inside the caller's transaction, so it exists if and only if the change
 * that causes it commits. `eventKey` names the event (e.g. "payment_confirmed:SF-2026-001001"): the same
 * event enqueued twice is stored once, so each email is sent at most once per event.
 */
export async function enqueueEmail(
  tx: Database | Transaction,
  eventKey: string,
  message: EmailMessage,
): Promise<void> {
  await tx.execute(sql`insert into outbox (event_key, topic, payload)
    values (${eventKey}, 'email', ${JSON.stringify(message)}::jsonb) on conflict (event_key) do nothing`);
}
