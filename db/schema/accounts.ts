import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { belongsToText, bigId, nowTimestamp, timestamps } from "./columns";

export const ROLES = ["customer", "staff", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Shoppers and staff. `email` is stored normalized (trimmed, lower case). */
export const users = pgTable(
  "users",
  {
    id: text().primaryKey().default(sql`'u_' || replace(gen_random_uuid()::text, '-', '')`),
    email: text().notNull().unique(),
    name: text().notNull(),
    /** argon2id; null once the account is erased (lib/privacy), so nobody can sign in to it. */
    passwordHash: text(),
    role: text().$type<Role>().notNull().default("customer"),
    /** Order updates by SMS to the order's shipping phone: off until the shopper opts in (KVKK). */
    smsOptIn: boolean().notNull().default(false),
    /** Order updates by push to the account's devices: off until the shopper opts in. */
    pushOptIn: boolean().notNull().default(false),
    /** Set when the account was erased (KVKK): the row stays, anonymised, so its orders keep their owner. */
    erasedAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [check("users_role_check", sql`${t.role} in ('customer', 'staff', 'admin')`)],
);

export const PUSH_PLATFORMS = ["ios", "android"] as const;
export type PushPlatform = (typeof PUSH_PLATFORMS)[number];

/** The mobile app's Expo push tokens; a token belongs to one account (the last that registered it). */
export const pushTokens = pgTable(
  "push_tokens",
  {
    token: text().primaryKey(),
    userId: belongsToText(() => users.id),
    platform: text().$type<PushPlatform>().notNull(),
    ...timestamps(),
  },
  (t) => [
    index().on(t.userId),
    check("push_tokens_platform_check", sql`${t.platform} in ('ios', 'android')`),
  ],
);

/** A user's address book (at most 20 each); checkout copies the chosen one into the order. */
export const addresses = pgTable(
  "addresses",
  {
    id: text().primaryKey().default(sql`'a_' || replace(gen_random_uuid()::text, '-', '')`),
    userId: belongsToText(() => users.id),
    name: text().notNull(),
    line1: text().notNull(),
    line2: text().notNull().default(""),
    district: text().notNull().default(""),
    city: text().notNull(),
    postalCode: text().notNull(),
    country: text().notNull(),
    phone: text().notNull(),
    isDefaultShipping: boolean().notNull().default(false),
    isDefaultBilling: boolean().notNull().default(false),
    ...timestamps(),
  },
  (t) => [
    index().on(t.userId),
    uniqueIndex("addresses_default_shipping").on(t.userId).where(sql`is_default_shipping`),
    uniqueIndex("addresses_default_billing").on(t.userId).where(sql`is_default_billing`),
  ],
);

/**
 * Attempts counted for rate limits (sign-in by email and by IP, registration by IP, order tracking,
 * coupon guessing). Kept in PostgreSQL so the limits hold across server instances.
 */
export const rateLimitEvents = pgTable(
  "rate_limit_events",
  {
    id: bigId(),
    bucket: text().notNull(),
    key: text().notNull(),
    at: nowTimestamp(),
  },
  (t) => [index().on(t.bucket, t.key, t.at)],
);

/** API tokens for scripts and ERPs (Authorization: Bearer). Only a SHA-256 of the token is kept. */
export const adminTokens = pgTable("admin_tokens", {
  id: text().primaryKey().default(sql`'tok_' || replace(gen_random_uuid()::text, '-', '')`),
  name: text().notNull(),
  tokenHash: text().notNull().unique(),
  /** The first characters, to recognise a token in the list without revealing it. */
  prefix: text().notNull(),
  createdBy: text(),
  createdAt: nowTimestamp(),
  lastUsedAt: timestamp({ withTimezone: true }),
  revokedAt: timestamp({ withTimezone: true }),
});
