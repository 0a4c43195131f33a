import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { rows } from "@/db/client";
import { WEBHOOK_EVENT_STATUSES, type WebhookEventStatus } from "@/db/schema";
import { iso, orderBy, type Page, sortQuery } from "@/lib/lists";
import { readPage } from "@/lib/paging";

export const WEBHOOK_STATUSES = WEBHOOK_EVENT_STATUSES;
export type WebhookStatus = WebhookEventStatus;
export const WEBHOOK_PAGE_SIZE = 50;

export const webhookListQuerySchema = z.object({
  status: z.enum(WEBHOOK_STATUSES).optional(),
  sort: sortQuery(["provider", "type", "status", "receivedAt", "processedAt"], "-receivedAt"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type WebhookListQuery = z.infer<typeof webhookListQuerySchema>;

export interface WebhookEventSummary {
  id: string;
  provider: string;
  type: string;
  status: WebhookStatus;
  error: string | null;
  receivedAt: string;
  processedAt: string | null;
}

export interface WebhookEventDetail extends WebhookEventSummary {
  payload: unknown;
}

interface EventRow {
  id: string;
  provider: string;
  type: string;
  status: WebhookStatus;
  error: string | null;
  received_at: Date | string;
  processed_at: Date | string | null;
  payload?: unknown;
}

function toSummary(row: EventRow): WebhookEventSummary {
  return {
    id: row.id,
    provider: row.provider,
    type: row.type,
    status: row.status,
    error: row.error,
    receivedAt: iso(row.received_at) ?? "",
    processedAt: iso(row.processed_at),
  };
}

const WEBHOOK_SORT = {
  provider: sql`provider`,
  type: sql`type`,
  status: sql`status`,
  receivedAt: sql`received_at`,
  processedAt: sql`processed_at`,
};

/** The webhook event log, newest first unless sorted otherwise, 50 a page, optionally of one status. */
export async function listWebhookEvents(
  db: Database,
  query: WebhookListQuery,
): Promise<Page<WebhookEventSummary>> {
  const where = query.status ? sql`status = ${query.status}` : sql`true`;
  const found = await readPage<EventRow>(
    db,
    { page: query.page, limit: WEBHOOK_PAGE_SIZE },
    {
      count: sql`from webhook_events where ${where}`,
      select: sql`select id, provider, type, status, error, received_at, processed_at from webhook_events where ${where}
      order by ${orderBy(query.sort, WEBHOOK_SORT, sql`id desc`)}`,
    },
  );

  return { ...found, items: found.items.map(toSummary) };
}

/** One event with its payload, or null. */
export async function getWebhookEvent(db: Database, id: string): Promise<WebhookEventDetail | null> {
  if (id.length === 0 || id.length > 255) return null;
  const [row] = await rows<EventRow>(
    db,
    sql`select id, provider, type, status, error, received_at, processed_at, payload from webhook_events
      where id = ${id}`,
  );
  return row ? { ...toSummary(row), payload: row.payload } : null;
}
