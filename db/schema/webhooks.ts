import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { belongsTo, bigId, intId, nowTimestamp, timestamps } from "./columns";

/** The events a store sends to webhook endpoints (docs/API.md "Outbound webhooks" lists their data). */
export const WEBHOOK_EVENTS = [
  "order.created",
  "order.paid",
  "order.cancelled",
  "order.shipped",
  "order.delivered",
  "order.refunded",
  "return.requested",
  "return.refunded",
  "inventory.low_stock",
  "product.updated",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * A receiver an administrator registered. `secret` is the signing secret (whsec_…) encrypted with a key
 * derived from AUTH_SECRET (lib/webhooks/secret.ts): it must be read back to sign, so it cannot be hashed.
 */
export const webhookEndpoints = pgTable("webhook_endpoints", {
  id: intId(),
  url: text().notNull(),
  events: text().array().$type<WebhookEvent[]>().notNull(),
  description: text().notNull().default(""),
  secret: text().notNull(),
  enabled: boolean().notNull().default(true),
  /** Why the store switched it off (persistent failure); null when enabled or switched off by staff. */
  disabledReason: text(),
  /** The last 2xx answer, to tell persistent failure from a bad moment. */
  lastSuccessAt: timestamp({ withTimezone: true }),
  ...timestamps(),
});

/**
 * One message (an event, `message_id` the webhook-id header) for one endpoint, retried on the schedule of
 * lib/webhooks/deliver.ts. The same event sent to several endpoints shares its message id.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: bigId(),
    endpointId: belongsTo(() => webhookEndpoints.id),
    messageId: text().notNull(),
    eventType: text().$type<WebhookEvent>().notNull(),
    /** The body sent, `{type, timestamp, data}`, fixed at the event so every attempt signs the same bytes. */
    payload: jsonb().notNull(),
    status: text().$type<DeliveryStatus>().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }),
    lastResponseStatus: smallint(),
    lastResponseBody: text(),
    lastError: text(),
    ...timestamps(),
  },
  (t) => [
    index().on(t.endpointId, t.createdAt),
    check("webhook_deliveries_status_check", sql`${t.status} in ('pending', 'succeeded', 'failed')`),
  ],
);

/** Every attempt of a delivery, for its log. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: bigId(),
    deliveryId: bigint({ mode: "number" })
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    responseStatus: smallint(),
    /** The start of the answer's body (lib/webhooks/deliver.ts caps it). */
    responseBody: text(),
    error: text(),
    durationMs: integer().notNull(),
    createdAt: nowTimestamp(),
  },
  (t) => [index().on(t.deliveryId)],
);
