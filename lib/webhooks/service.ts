import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { type Database, type Executor, rows } from "@/db/client";
import type { DeliveryStatus, WebhookEvent } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/queue";
import { checkOutboundUrl } from "@/lib/net/outbound";
import { DELIVER_JOB_ATTEMPTS } from "./deliver";
import {
  deliveryIdSchema,
  type EndpointCreateInput,
  type EndpointPatchInput,
  endpointIdSchema,
} from "./schemas";
import { generateSecret, sealSecret } from "./secret";

/** Webhook endpoints and their deliveries, as staff manage them (the signing secret never leaves here). */

export interface WebhookEndpoint {
  id: number;
  url: string;
  events: WebhookEvent[];
  description: string;
  enabled: boolean;
  /** `persistent_failure` when the store switched it off; null otherwise. */
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DeliveryItem {
  id: number;
  messageId: string;
  event: WebhookEvent;
  status: DeliveryStatus;
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
}

export interface DeliveryDetail extends DeliveryItem {
  endpointId: number;
  payload: unknown;
  responseBody: string | null;
  attemptLog: {
    at: string;
    responseStatus: number | null;
    responseBody: string | null;
    error: string | null;
    durationMs: number;
  }[];
}

interface EndpointRow {
  id: number;
  url: string;
  events: WebhookEvent[];
  description: string;
  enabled: boolean;
  disabled_reason: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const iso = (value: Date | string) => new Date(value).toISOString();

/** Validated event names as a text[] parameter list. */
const eventArray = (events: WebhookEvent[]) =>
  sql`array[${sql.join(
    events.map((event) => sql`${event}`),
    sql`, `,
  )}]::text[]`;

const ENDPOINT_COLUMNS = sql`id, url, events, description, enabled, disabled_reason, created_at, updated_at`;

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export async function listEndpoints(db: Executor): Promise<WebhookEndpoint[]> {
  return (
    await rows<EndpointRow>(db, sql`select ${ENDPOINT_COLUMNS} from webhook_endpoints order by id`)
  ).map(toEndpoint);
}

export async function getEndpoint(db: Executor, id: number): Promise<WebhookEndpoint> {
  const [row] = await rows<EndpointRow>(
    db,
    sql`select ${ENDPOINT_COLUMNS} from webhook_endpoints where id = ${id}`,
  );
  if (!row) throw new AppError("NOT_FOUND", { endpoint: id });
  return toEndpoint(row);
}

/** Registers an endpoint; the returned `secret` is the only time it is shown. 422 URL_NOT_ALLOWED. */
export async function createEndpoint(
  db: Database,
  input: EndpointCreateInput,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  await checkOutboundUrl(input.url);
  const secret = generateSecret();
  const [row] = await rows<EndpointRow>(
    db,
    sql`insert into webhook_endpoints (url, events, description, secret)
      values (${input.url}, ${eventArray(input.events)}, ${input.description}, ${sealSecret(secret)})
      returning ${ENDPOINT_COLUMNS}`,
  );
  return { endpoint: toEndpoint(row as EndpointRow), secret };
}

/** Changes an endpoint; switching it on clears why the store switched it off. 404, 422 URL_NOT_ALLOWED. */
export async function updateEndpoint(
  db: Database,
  id: number,
  input: EndpointPatchInput,
): Promise<WebhookEndpoint> {
  if (input.url !== undefined) await checkOutboundUrl(input.url);
  const sets = [sql`updated_at = now()`];
  if (input.url !== undefined) sets.push(sql`url = ${input.url}`);
  if (input.events !== undefined) sets.push(sql`events = ${eventArray(input.events)}`);
  if (input.description !== undefined) sets.push(sql`description = ${input.description}`);
  if (input.enabled !== undefined) sets.push(sql`enabled = ${input.enabled}, disabled_reason = null`);
  const [row] = await rows<EndpointRow>(
    db,
    sql`update webhook_endpoints set ${sql.join(sets, sql`, `)} where id = ${id} returning ${ENDPOINT_COLUMNS}`,
  );
  if (!row) throw new AppError("NOT_FOUND", { endpoint: id });
  return toEndpoint(row);
}

/** Deletes an endpoint with its deliveries (their waiting jobs then find nothing to do). 404. */
export async function deleteEndpoint(db: Database, id: number): Promise<void> {
  const deleted = await db.execute(sql`delete from webhook_endpoints where id = ${id} returning id`);
  if (deleted.length === 0) throw new AppError("NOT_FOUND", { endpoint: id });
}

interface DeliveryRow {
  id: number;
  message_id: string;
  event_type: WebhookEvent;
  status: DeliveryStatus;
  attempts: number;
  last_response_status: number | null;
  last_error: string | null;
  next_attempt_at: Date | string | null;
  created_at: Date | string;
}

const DELIVERY_COLUMNS = sql`id, message_id, event_type, status, attempts, last_response_status, last_error,
  next_attempt_at, created_at`;

function toDeliveryItem(row: DeliveryRow): DeliveryItem {
  return {
    id: Number(row.id),
    messageId: row.message_id,
    event: row.event_type,
    status: row.status,
    attempts: row.attempts,
    responseStatus: row.last_response_status,
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at === null ? null : iso(row.next_attempt_at),
    createdAt: iso(row.created_at),
  };
}

/** The deliveries shown per endpoint: the newest first. */
export const DELIVERY_LOG_SIZE = 100;

/** An endpoint's newest deliveries. 404 for an unknown endpoint. */
export async function listDeliveries(db: Executor, endpointId: number): Promise<DeliveryItem[]> {
  await getEndpoint(db, endpointId);
  const found = await rows<DeliveryRow>(
    db,
    sql`select ${DELIVERY_COLUMNS} from webhook_deliveries where endpoint_id = ${endpointId}
      order by id desc limit ${DELIVERY_LOG_SIZE}`,
  );
  return found.map(toDeliveryItem);
}

/** The delivery log of the admin page: an endpoint's newest deliveries with what was sent and every attempt. */
export async function deliveryLog(
  db: Executor,
  endpointId: number,
  limit = DELIVERY_LOG_SIZE,
): Promise<DeliveryDetail[]> {
  const found = await rows<
    DeliveryRow & {
      endpoint_id: number;
      payload: unknown;
      last_response_body: string | null;
      attempt_log: DeliveryDetail["attemptLog"];
    }
  >(
    db,
    sql`select ${DELIVERY_COLUMNS}, endpoint_id, payload, last_response_body,
      coalesce((select json_agg(json_build_object('at', a.created_at, 'responseStatus', a.response_status,
        'responseBody', a.response_body, 'error', a.error, 'durationMs', a.duration_ms) order by a.id)
        from webhook_attempts a where a.delivery_id = d.id), '[]') as attempt_log
      from webhook_deliveries d where endpoint_id = ${endpointId} order by id desc limit ${limit}`,
  );
  return found.map((row) => ({
    ...toDeliveryItem(row),
    endpointId: row.endpoint_id,
    payload: row.payload,
    responseBody: row.last_response_body,
    attemptLog: row.attempt_log.map((attempt) => ({ ...attempt, at: iso(attempt.at) })),
  }));
}

/**
 * Sends a delivery again: one new attempt of the same message (same webhook-id and body) as a job of its
 * own, queued now whatever the delivery's state. 404.
 */
export async function redeliver(db: Database, id: number): Promise<DeliveryItem> {
  return db.transaction(async (tx) => {
    const [row] = await rows<DeliveryRow>(
      tx,
      sql`update webhook_deliveries set status = 'pending', next_attempt_at = now(), updated_at = now()
        where id = ${id} returning ${DELIVERY_COLUMNS}`,
    );
    if (!row) throw new AppError("NOT_FOUND", { delivery: id });
    await enqueueJob(
      tx,
      "deliver_webhook",
      `webhook:${id}:redeliver:${randomUUID()}`,
      { deliveryId: id },
      { maxAttempts: DELIVER_JOB_ATTEMPTS },
    );
    return toDeliveryItem(row);
  });
}

/** An endpoint id from a path; anything else is an endpoint that does not exist (404). */
export function endpointIdOf(raw: string): number {
  const parsed = endpointIdSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("NOT_FOUND", { endpoint: raw.slice(0, 40) });
  return parsed.data;
}

export function deliveryIdOf(raw: string): number {
  const parsed = deliveryIdSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("NOT_FOUND", { delivery: raw.slice(0, 40) });
  return parsed.data;
}
