import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { rows } from "@/db/client";
import { iso, orderBy, type Page, sortQuery } from "@/lib/lists";
import { readPage } from "@/lib/paging";

export const OUTBOX_STATUSES = ["pending", "sent", "failed"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
export const OUTBOX_PAGE_SIZE = 50;

export const outboxListQuerySchema = z.object({
  status: z.enum(OUTBOX_STATUSES).optional(),
  sort: sortQuery(["topic", "status", "attempts", "nextAttemptAt", "createdAt"], "-createdAt"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type OutboxListQuery = z.infer<typeof outboxListQuerySchema>;

/** The id of the row to retry, as posted by the staff page's form. */
export const outboxRetrySchema = z.object({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

export interface OutboxEntry {
  id: number;
  eventKey: string;
  topic: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

interface OutboxRow {
  id: string | number;
  event_key: string;
  topic: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: Date | string;
  last_error: string | null;
  created_at: Date | string;
  sent_at: Date | string | null;
}

function toEntry(row: OutboxRow): OutboxEntry {
  return {
    id: Number(row.id),
    eventKey: row.event_key,
    topic: row.topic,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: iso(row.next_attempt_at) ?? "",
    lastError: row.last_error,
    createdAt: iso(row.created_at) ?? "",
    sentAt: iso(row.sent_at),
  };
}

const OUTBOX_SORT = {
  topic: sql`topic`,
  status: sql`status`,
  attempts: sql`attempts`,
  nextAttemptAt: sql`next_attempt_at`,
  createdAt: sql`created_at`,
};

/** Outbox messages, newest first unless sorted otherwise, 50 a page, optionally of one status. */
export async function listOutbox(db: Database, query: OutboxListQuery): Promise<Page<OutboxEntry>> {
  const where = query.status ? sql`status = ${query.status}` : sql`true`;
  const found = await readPage<OutboxRow>(
    db,
    { page: query.page, limit: OUTBOX_PAGE_SIZE },
    {
      count: sql`from outbox where ${where}`,
      select: sql`select id::text as id, event_key, topic, status, attempts, next_attempt_at, last_error, created_at, sent_at
      from outbox where ${where} order by ${orderBy(query.sort, OUTBOX_SORT, sql`id desc`)}`,
    },
  );

  return { ...found, items: found.items.map(toEntry) };
}

/**
 * "Retry now": a failed or pending message becomes pending and due at `now`, its attempt count unchanged
 * (the sender adds one when it claims the row). A sent message is never touched. Returns the updated row,
 * or null when there is no such row or it was already sent.
 *
 * Only failed messages: a pending one is either waiting for its next automatic try or being sent right
 * now under a drain's lease, and making it due again could send it twice.
 */
export async function retryOutboxMessage(db: Database, id: number, now: Date = new Date()) {
  const [row] = await rows<OutboxRow>(
    db,
    sql`update outbox set status = 'pending', next_attempt_at = ${now.toISOString()}::timestamptz
      where id = ${id}::bigint and status = 'failed'
      returning id::text as id, event_key, topic, status, attempts, next_attempt_at, last_error, created_at,
        sent_at`,
  );
  return row ? toEntry(row) : null;
}
