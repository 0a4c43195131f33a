import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { variants } from "./catalog";
import { belongsTo, belongsToText, bigId, nowTimestamp, timestamps } from "./columns";

export interface CartNotice {
  code: string;
  /** The COUPON_* error code that made the cart drop it. */
  reason: string;
}

/** A shopper's cart: a guest's (found by the signed cookie) or a signed-in user's. */
export const carts = pgTable(
  "carts",
  {
    id: text().primaryKey().default(sql`'c_' || replace(gen_random_uuid()::text, '-', '')`),
    /** Owner once signed in; null for a guest cart. */
    userId: text().references(() => users.id, { onDelete: "cascade" }),
    currency: text().notNull(),
    /** The shopper's shipping estimate, so the cart's totals can include shipping before checkout. */
    shippingCountry: text(),
    shippingPostalCode: text(),
    shippingMethod: text(),
    giftWrap: boolean().notNull().default(false),
    /** Codes the cart dropped because they stopped applying; shown until the shopper's next change. */
    couponNotices: jsonb().$type<CartNotice[]>().notNull().default([]),
    ...timestamps(),
    lastActivityAt: nowTimestamp(),
  },
  // One cart per signed-in user: a guest cart merges into it at sign-in.
  (t) => [uniqueIndex().on(t.userId), index().on(t.lastActivityAt)],
);

export const QTY_MAX = 99;

export const cartItems = pgTable(
  "cart_items",
  {
    id: text().primaryKey().default(sql`'ci_' || replace(gen_random_uuid()::text, '-', '')`),
    cartId: belongsToText(() => carts.id),
    variantId: belongsTo(() => variants.id),
    qty: integer().notNull(),
    /** Price when the shopper last added this SKU; the cart flags PRICE_CHANGED when the catalogue differs. */
    unitPrice: bigint({ mode: "number" }).notNull(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex().on(t.cartId, t.variantId),
    index().on(t.variantId),
    check("cart_items_qty_check", sql`${t.qty} between 1 and ${sql.raw(String(QTY_MAX))}`),
  ],
);

export const RESERVATION_STATUSES = ["active", "completed", "cancelled", "expired"] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/**
 * Units of a variant held for a cart until `expiresAt`. A cart line has at most one active reservation;
 * inventory.reserved always equals the sum of the active ones.
 */
export const reservations = pgTable(
  "reservations",
  {
    id: bigId(),
    variantId: belongsTo(() => variants.id),
    cartId: text().references(() => carts.id, { onDelete: "set null" }),
    /** Set at checkout: the hold then belongs to the order until it is paid (committed) or expires. */
    orderId: text(),
    qty: integer().notNull(),
    status: text().$type<ReservationStatus>().notNull().default("active"),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("reservations_active_line").on(t.cartId, t.variantId).where(sql`status = 'active'`),
    index("reservations_active_expiry").on(t.expiresAt).where(sql`status = 'active'`),
    index("reservations_active_variant").on(t.variantId, t.expiresAt).where(sql`status = 'active'`),
    index("reservations_order").on(t.orderId).where(sql`order_id is not null`),
    check("reservations_qty_check", sql`${t.qty} > 0`),
    check("reservations_status_check", sql`${t.status} in ('active', 'completed', 'cancelled', 'expired')`),
  ],
);
