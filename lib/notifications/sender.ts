import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, Transaction } from "@/db/client";
import { env } from "@/lib/env";
import { DEFAULT_LOCALE, isLocale } from "@/lib/i18n/locale";
import { log } from "@/lib/log";
import { EMAIL_KINDS, type EmailMessage } from "./outbox";
import { EmailContentError, type EmailSite, loadEmailOrder, renderOrderEmail } from "./templates";
import { type EmailTransport, TransportError, transportFor } from "./transport";

/** After this many failed attempts a message is given up (`failed`, with `last_error`). */
export const MAX_ATTEMPTS = 8;
/** Rows claimed per batch. */
export const OUTBOX_BATCH = 20;
/**
 * A claimed row is invisible to other drains for this long. It is far longer than a batch can take
 * (20 emails × a 15 s request timeout), so a row is only taken again when its drain died.
 */
export const LEASE_MS = 10 * 60_000;

/** Wait before the next attempt after `attempts` failed ones: 1, 2, 4 … minutes, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 60 * 60_000);
}

export interface ProcessOutboxOptions {
  /** The clock (tests move it); defaults to the current time. */
  now?: Date;
  /** Rows claimed at most (default 20). */
  limit?: number;
  /** Where emails go; defaults to Resend when RESEND_API_KEY is set, else the development mailbox. */
  transport?: EmailTransport;
  /** Sender address; defaults to EMAIL_FROM. */
  from?: string;
  /** Store name and public URL; default from the environment. */
  site?: EmailSite;
}

export interface ProcessOutboxResult {
  /** Emails delivered (sent through Resend or stored in the mailbox) in this run. */
  processed: number;
  /** Attempts that failed in this run: retried later with backoff, or given up after 8 attempts. */
  failed: number;
}

const payloadSchema = z.object({
  kind: z.enum(EMAIL_KINDS),
  to: z.string().trim().min(3),
  locale: z.string().optional(),
  orderNo: z.string().min(1),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).optional(),
});

interface ClaimedRow extends Record<string, unknown> {
  id: string;
  event_key: string;
  payload: unknown;
  attempts: number;
}

/**
 * Claims due rows in one statement: `FOR UPDATE SKIP LOCKED` so concurrent drains take disjoint rows,
 * and the same statement counts the attempt and pushes `next_attempt_at` out by the lease, so once it
 * commits no other drain sees the rows as due. `(id, attempts)` then identifies this claim: every later
 * update is conditional on it, so a drain whose lease ran out can no longer touch the row.
 */
async function claim(db: Database, now: Date, limit: number): Promise<ClaimedRow[]> {
  const leaseUntil = new Date(now.getTime() + LEASE_MS).toISOString();
  const rows = await db.execute<ClaimedRow>(sql`
    with due as (
      select id from outbox
      where status = 'pending' and topic = 'email' and next_attempt_at <= ${now.toISOString()}::timestamptz
      order by next_attempt_at, id
      limit ${limit}
      for update skip locked
    )
    update outbox o
    set attempts = o.attempts + 1, next_attempt_at = ${leaseUntil}::timestamptz
    from due
    where o.id = due.id
    returning o.id::text as id, o.event_key, o.payload, o.attempts`);
  return [...rows].sort((a, b) => Number(a.id) - Number(b.id));
}

async function markSent(db: Database | Transaction, row: ClaimedRow, now: Date): Promise<boolean> {
  const updated = await db.execute(sql`
    update outbox set status = 'sent', sent_at = ${now.toISOString()}::timestamptz
    where id = ${row.id}::bigint and status = 'pending' and attempts = ${row.attempts}
    returning id`);
  return updated.length === 1;
}

async function markFailed(
  db: Database,
  row: ClaimedRow,
  error: unknown,
  now: Date,
): Promise<"retry" | "failed"> {
  const permanent =
    error instanceof EmailContentError || (error instanceof TransportError && error.permanent);
  const giveUp = permanent || row.attempts >= MAX_ATTEMPTS;
  const message = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 1000);
  const next = new Date(now.getTime() + retryDelayMs(row.attempts)).toISOString();
  await db.execute(sql`
    update outbox set
      status = ${giveUp ? "failed" : "pending"},
      next_attempt_at = case when ${giveUp} then next_attempt_at else ${next}::timestamptz end,
      last_error = ${message}
    where id = ${row.id}::bigint and status = 'pending' and attempts = ${row.attempts}`);
  // The event key names the order and the kind of email; never the address or the content.
  log.warn(
    `Email ${row.event_key}: attempt ${row.attempts} failed (${giveUp ? "given up" : "will retry"}): ${message}`,
  );
  return giveUp ? "failed" : "retry";
}

/** Renders one claimed row: the order snapshot read by order number, in the message's language. */
async function compose(db: Database, row: ClaimedRow, from: string, site: EmailSite | undefined) {
  const parsed = payloadSchema.safeParse(row.payload);
  if (!parsed.success)
    throw new EmailContentError(`malformed outbox payload: ${parsed.error.issues[0]?.message}`);
  const payload = parsed.data;
  const order = await loadEmailOrder(db, payload.orderNo);
  if (!order) throw new EmailContentError(`order ${payload.orderNo} not found`);
  const locale = isLocale(payload.locale)
    ? payload.locale
    : isLocale(order.locale)
      ? order.locale
      : DEFAULT_LOCALE;
  const message: EmailMessage = { ...payload, locale };
  const rendered = await renderOrderEmail(message, order, site);
  return { eventKey: row.event_key, from, to: payload.to, ...rendered };
}

/**
 * Sends the due emails of the outbox, each at most once per event: claimed with `FOR UPDATE SKIP LOCKED`
 * under a lease, delivered, then marked `sent` only by the claim that delivered it. The development
 * mailbox stores the email in the same transaction that marks the row sent; Resend gets the event key as
 * its idempotency key, so even a retry after a lost answer does not send twice. A failed attempt is
 * retried after 1, 2, 4 … 60 minutes; after 8 attempts the row is `failed` with its last error.
 */
export async function processOutbox(
  db: Database,
  options: ProcessOutboxOptions = {},
): Promise<ProcessOutboxResult> {
  const now = options.now ?? new Date();
  const transport = options.transport ?? transportFor(env());
  const from = options.from ?? env().EMAIL_FROM;
  const rows = await claim(db, now, options.limit ?? OUTBOX_BATCH);
  let processed = 0;
  let failed = 0;
  for (const row of rows) {
    try {
      const email = await compose(db, row, from, options.site);
      if (transport.transactional) {
        const stored = await db.transaction(async (tx) => {
          if (!(await markSent(tx, row, now))) return false;
          await transport.send(email, tx);
          return true;
        });
        if (stored) processed++;
      } else {
        await transport.send(email, db);
        // False only when this drain's lease ran out and another took the row over; Resend's idempotency
        // key made that second delivery a no-op, and the other drain records the row as sent.
        await markSent(db, row, now);
        processed++;
      }
    } catch (error) {
      failed++;
      await markFailed(db, row, error, now);
    }
  }
  return { processed, failed };
}

/**
 * Runs batches until the outbox has nothing due, `maxBatches` ran or `budgetMs` passed: what the
 * scheduler's route calls. Rows that fail are pushed into the future, so they do not come back here.
 */
export async function drainOutbox(
  db: Database,
  options: ProcessOutboxOptions & { maxBatches?: number; budgetMs?: number } = {},
): Promise<ProcessOutboxResult> {
  const { maxBatches = 5, budgetMs = 30_000, ...rest } = options;
  const limit = rest.limit ?? OUTBOX_BATCH;
  const started = Date.now();
  const total = { processed: 0, failed: 0 };
  for (let batch = 0; batch < maxBatches && Date.now() - started < budgetMs; batch++) {
    const result = await processOutbox(db, { ...rest, limit });
    total.processed += result.processed;
    total.failed += result.failed;
    if (result.processed + result.failed < limit) break;
  }
  return total;
}
