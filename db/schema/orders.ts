import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { TRACKING_STATUSES } from "../../lib/shipping/carriers/carrier";
import { users } from "./accounts";
import { variants } from "./catalog";
import { belongsToText, bigId, nowTimestamp, timestamps } from "./columns";
import type { InvoiceBuyer } from "./invoices";

export const ORDER_STATUSES = [
  "pending_payment",
  "awaiting_confirmation",
  "paid",
  "payment_failed",
  "cancelled",
  "processing",
  "shipped",
  "delivered",
  "partially_refunded",
  "refunded",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const PAYMENT_METHODS = ["card", "cash_on_delivery", "bank_transfer"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Order numbers (SF-2026-000123) come from this sequence, so they never repeat even across instances. */
export const orderNumbers = pgSequence("order_no_seq", { startWith: 1001 });

export interface AddressSnapshot {
  name: string;
  line1: string;
  line2?: string;
  district?: string;
  city: string;
  postalCode: string;
  country: string;
  phone: string;
}

/**
 * An order and its snapshot: everything the shopper saw when placing it (prices, codes, tax rates,
 * shipping, addresses) is copied here, so later catalogue edits never change it.
 */
export const orders = pgTable(
  "orders",
  {
    id: text().primaryKey().default(sql`'o_' || replace(gen_random_uuid()::text, '-', '')`),
    orderNo: text().notNull().unique(),
    userId: text().references(() => users.id, { onDelete: "set null" }),
    /** Normalized (trimmed, lower case). */
    email: text().notNull(),
    locale: text().notNull(),
    status: text().$type<OrderStatus>().notNull(),
    paymentMethod: text().$type<PaymentMethod>().notNull(),
    currency: text().notNull(),
    subtotal: bigint({ mode: "number" }).notNull(),
    discount: bigint({ mode: "number" }).notNull(),
    shipping: bigint({ mode: "number" }).notNull(),
    tax: bigint({ mode: "number" }).notNull(),
    fees: bigint({ mode: "number" }).notNull(),
    total: bigint({ mode: "number" }).notNull(),
    taxIncluded: boolean().notNull(),
    /** Tax lines, fee lines, coupon rules and discounts as priced at checkout. */
    pricing: jsonb().notNull(),
    shippingAddress: jsonb().$type<AddressSnapshot>().notNull(),
    billingAddress: jsonb().$type<AddressSnapshot>().notNull(),
    /** {id, name, carrier, price, etaDays} of the chosen method. */
    shippingMethod: jsonb().notNull(),
    /** Who the invoice is made out to, as given at checkout (null: the billing name, as an individual). */
    invoiceBuyer: jsonb().$type<InvoiceBuyer>(),
    /** A card order not paid by then is cancelled and its stock released. */
    paymentDueAt: timestamp({ withTimezone: true }),
    refunded: bigint({ mode: "number" }).notNull().default(0),
    /** Stripped to its legal record by an erasure (lib/privacy/erasure.ts). */
    erasedAt: timestamp({ withTimezone: true }),
    /** Every personal detail removed once its retention period ended (lib/privacy/retention.ts). */
    anonymisedAt: timestamp({ withTimezone: true }),
    placedAt: nowTimestamp(),
    updatedAt: nowTimestamp(),
  },
  (t) => [
    index("orders_retention_idx").on(t.placedAt).where(sql`anonymised_at is null`),
    index().on(t.userId, t.placedAt),
    index().on(t.email),
    index().on(t.status, t.paymentDueAt),
    check(
      "orders_status_check",
      sql`${t.status} in (${sql.raw(ORDER_STATUSES.map((s) => `'${s}'`).join(", "))})`,
    ),
    check("orders_refund_check", sql`${t.refunded} between 0 and ${t.total}`),
  ],
);

export const orderItems = pgTable(
  "order_items",
  {
    id: bigId(),
    orderId: belongsToText(() => orders.id),
    variantId: integer().references(() => variants.id, { onDelete: "set null" }),
    sku: text().notNull(),
    productSlug: text().notNull(),
    name: text().notNull(),
    variantName: text().notNull(),
    image: text(),
    qty: integer().notNull(),
    unitPrice: bigint({ mode: "number" }).notNull(),
    lineTotal: bigint({ mode: "number" }).notNull(),
    discount: bigint({ mode: "number" }).notNull(),
    tax: bigint({ mode: "number" }).notNull(),
    taxRateBp: integer().notNull(),
    /** Units returned to stock by refunds or cancellation. */
    restocked: integer().notNull().default(0),
  },
  (t) => [index().on(t.orderId), check("order_items_qty_check", sql`${t.qty} > 0`)],
);

/** The order's timeline: every transition and staff action, with who did it. */
export const orderEvents = pgTable(
  "order_events",
  {
    id: bigId(),
    orderId: belongsToText(() => orders.id),
    type: text().notNull(),
    fromStatus: text(),
    toStatus: text(),
    note: text(),
    /** "system", "stripe", "customer" or a staff member's name. */
    actor: text().notNull().default("system"),
    /** A step of a return (lib/returns): each step of a return is recorded once. */
    returnNo: text(),
    createdAt: nowTimestamp(),
  },
  (t) => [
    index().on(t.orderId, t.createdAt),
    uniqueIndex("order_events_return_step_idx").on(t.returnNo, t.type).where(sql`${t.returnNo} is not null`),
  ],
);

export const PAYMENT_STATUSES = [
  "requires_payment",
  "processing",
  "requires_action",
  "succeeded",
  "failed",
  "canceled",
  "pending",
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Why a card payment failed, as the shopper is told (lib/payments/failures.ts maps each provider's codes). */
export const PAYMENT_FAILURE_REASONS = [
  "declined",
  "insufficient_funds",
  "three_ds_failed",
  "cancelled",
  "fraud_suspected",
  "expired_card",
  "invalid_card",
  "other",
] as const;
export type PaymentFailureReason = (typeof PAYMENT_FAILURE_REASONS)[number];

/**
 * One row per payment attempt. A card attempt has exactly one session at its provider: a Stripe
 * PaymentIntent, an iyzico Checkout Form token or a PayTR iframe token (`providerPaymentId`, the handle the
 * store reads the payment's state with), and `session` holds what the shopper's browser needs to pay.
 */
export const payments = pgTable(
  "payments",
  {
    id: text().primaryKey().default(sql`'pay_' || replace(gen_random_uuid()::text, '-', '')`),
    orderId: belongsToText(() => orders.id),
    attempt: integer().notNull().default(1),
    /** "stripe", "iyzico", "paytr", or "manual" for cash on delivery and bank transfer. */
    provider: text().notNull(),
    method: text().$type<PaymentMethod>().notNull(),
    status: text().$type<PaymentStatus>().notNull(),
    /** What the order asks for (the order's total). */
    amount: bigint({ mode: "number" }).notNull(),
    currency: text().notNull(),
    providerPaymentId: text().unique(),
    /** The provider's answer the browser pays with (client secret, payment page, iframe token). */
    session: jsonb(),
    /** What the card was charged, installment interest included (set when the payment succeeds). */
    paidAmount: bigint({ mode: "number" }),
    installments: integer(),
    /** The provider's ids needed later (iyzico's paymentId for refunds), card family, bank. */
    providerData: jsonb(),
    failureReason: text().$type<PaymentFailureReason>(),
    /** The provider's own code and message, for staff. */
    failureCode: text(),
    failureMessage: text(),
    ...timestamps(),
  },
  (t) => [uniqueIndex().on(t.orderId, t.attempt)],
);

export const refunds = pgTable(
  "refunds",
  {
    id: text().primaryKey().default(sql`'rf_' || replace(gen_random_uuid()::text, '-', '')`),
    orderId: belongsToText(() => orders.id),
    /** The card payment the money goes back to (null for orders paid offline). */
    paymentId: text().references(() => payments.id, { onDelete: "set null" }),
    amount: bigint({ mode: "number" }).notNull(),
    reason: text().notNull(),
    providerRefundId: text().unique(),
    idempotencyKey: text().unique(),
    /** An offline order's refund: the buyer's IBAN the money is to be transferred to (TR, checksum valid). */
    iban: text(),
    actor: text().notNull(),
    createdAt: nowTimestamp(),
  },
  (t) => [index().on(t.orderId), check("refunds_amount_check", sql`${t.amount} > 0`)],
);

/**
 * Requests made with an Idempotency-Key: the hash of what was asked and the answer given, so a retry
 * (even a concurrent one) gets the same answer and a different request under the same key is refused.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    scope: text().notNull(),
    key: text().notNull(),
    requestHash: text().notNull(),
    status: text().$type<"in_progress" | "completed">().notNull(),
    /** An `in_progress` claim's lease: renewed while its request runs; once past, a retry may take it over. */
    lockedUntil: nowTimestamp(),
    responseStatus: integer(),
    responseBody: jsonb(),
    /** A checkout's order, written in the order's own transaction: a retry after a crash finds it here. */
    orderId: text(),
    createdAt: nowTimestamp(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

export const WEBHOOK_EVENT_STATUSES = ["received", "applied", "ignored", "rejected", "failed"] as const;
export type WebhookEventStatus = (typeof WEBHOOK_EVENT_STATUSES)[number];

/**
 * Every payment provider notification received (Stripe events, iyzico and PayTR notifications), stored
 * once by an id derived from the provider's own; applying one twice is impossible. `rejected`: verified but
 * not applied because its amount or currency differs from the order's.
 */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: text().primaryKey(),
    provider: text().notNull().default("stripe"),
    type: text().notNull(),
    payload: jsonb().notNull(),
    status: text().$type<WebhookEventStatus>().notNull(),
    error: text(),
    receivedAt: nowTimestamp(),
    processedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.receivedAt)],
);

/**
 * Every event that caused a background job (graphile-worker's queue, lib/jobs): written with the job in
 * the transaction of the change that causes it, so the same event enqueued twice gets one job. It outlives
 * the job (graphile-worker forgets a job key once its job completed); `doneAt` is set when the job's
 * effect happened (the email was sent), so a job run again after a crash does not repeat it.
 */
export const jobEvents = pgTable("job_events", {
  eventKey: text().primaryKey(),
  task: text().notNull(),
  createdAt: nowTimestamp(),
  doneAt: timestamp({ withTimezone: true }),
});

/**
 * The crontab on serverless hosts (lib/jobs/schedule.ts): per recurring job, the minute up to which its
 * ticks have been looked at, so each tick queues the job once however often the drain route is called.
 */
export const recurringTicks = pgTable("recurring_ticks", {
  identifier: text().primaryKey(),
  checkedUntil: timestamp({ withTimezone: true }).notNull(),
});

/** The development mailbox: emails the store would have sent, kept when no RESEND_API_KEY is set. */
export const devEmails = pgTable("dev_emails", {
  id: bigId(),
  eventKey: text().notNull(),
  to: text().notNull(),
  subject: text().notNull(),
  html: text().notNull(),
  text: text().notNull(),
  /** Files sent with the email (the accepted contract), as they would have been attached. */
  attachments: jsonb()
    .$type<{ filename: string; contentType: string; content: string }[]>()
    .notNull()
    .default([]),
  createdAt: nowTimestamp(),
});

/** SMS and push messages the store would have sent, kept when no provider is configured (/admin/mailbox). */
export const devMessages = pgTable(
  "dev_messages",
  {
    id: bigId(),
    eventKey: text().notNull(),
    channel: text().$type<"sms" | "push">().notNull(),
    to: text().notNull(),
    title: text(),
    body: text().notNull(),
    createdAt: nowTimestamp(),
  },
  (t) => [check("dev_messages_channel_check", sql`${t.channel} in ('sms', 'push')`)],
);

/** Parcels handed to a carrier for an order (set by staff when the order ships). */
/** A label's bytes (drizzle has no bytea column of its own). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/** `shipped` is only a hand-typed shipment's (carrier `manual`), which no carrier API tracks; see docs/API.md. */
export const SHIPMENT_STATUSES = ["pending", ...TRACKING_STATUSES, "shipped"] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/**
 * One parcel of an order (lib/shipments). `adapter` is the carrier integration that carries it
 * (lib/shipping/carriers' names, or `manual` for a carrier and tracking number staff typed by hand, whose
 * `carrier` is then the name they typed); `lines` the order lines it holds. A carrier shipment is made
 * `pending` and created at the carrier by a job with the row's id as its reference.
 */
export const shipments = pgTable(
  "shipments",
  {
    id: bigId(),
    orderId: belongsToText(() => orders.id),
    carrier: text().notNull(),
    adapter: text().notNull().default("manual"),
    service: text(),
    trackingNo: text(),
    trackingUrl: text(),
    carrierRef: text(),
    status: text().$type<ShipmentStatus>().notNull().default("shipped"),
    lines: jsonb().$type<{ sku: string; qty: number }[]>().notNull().default([]),
    label: bytea(),
    labelType: text(),
    /** Why the carrier refused it or why the job gave up, for staff. */
    error: text(),
    createdAt: nowTimestamp(),
    /** When it was picked up (or handed over, for a manual one). */
    shippedAt: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
    updatedAt: nowTimestamp(),
  },
  (t) => [
    index().on(t.orderId),
    index("shipments_open_idx")
      .on(t.status)
      .where(sql`${t.status} in ('created', 'in_transit', 'out_for_delivery')`),
    check(
      "shipments_status_check",
      sql`${t.status} in (${sql.raw(SHIPMENT_STATUSES.map((s) => `'${s}'`).join(", "))})`,
    ),
  ],
);

/** A carrier's tracking events, each stored once per shipment (polls and pushes repeat them). */
export const shipmentEvents = pgTable(
  "shipment_events",
  {
    id: bigId(),
    shipmentId: bigint({ mode: "number" })
      .notNull()
      .references(() => shipments.id, { onDelete: "cascade" }),
    eventId: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
    status: text().notNull(),
    location: text(),
    description: text().notNull(),
    createdAt: nowTimestamp(),
  },
  (t) => [uniqueIndex().on(t.shipmentId, t.eventId)],
);
