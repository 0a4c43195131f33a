import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { nowTimestamp } from "./columns";

export const DATA_REQUEST_KINDS = ["export", "erasure"] as const;
export type DataRequestKind = (typeof DATA_REQUEST_KINDS)[number];

export const DATA_REQUEST_CHANNELS = ["self_service", "staff"] as const;
export type DataRequestChannel = (typeof DATA_REQUEST_CHANNELS)[number];

/**
 * KVKK art. 11/13 requests (lib/privacy): every export and erasure, made by the shopper on /account or by
 * staff for a request that came by e-mail or letter. The subject's email is kept as given: the record is
 * the store's proof that the request was answered (and when), so it outlives the erasure it records.
 */
export const dataRequests = pgTable(
  "data_requests",
  {
    id: text().primaryKey().default(sql`'dr_' || replace(gen_random_uuid()::text, '-', '')`),
    kind: text().$type<DataRequestKind>().notNull(),
    channel: text().$type<DataRequestChannel>().notNull(),
    subjectEmail: text().notNull(),
    /** The account the request was about, when there was one. */
    subjectUserId: text(),
    requestedAt: nowTimestamp(),
    completedAt: timestamp({ withTimezone: true }),
    /** "customer" for self-service, else the staff member's name. */
    actor: text().notNull(),
  },
  (t) => [
    index().on(t.requestedAt),
    check("data_requests_kind_check", sql`${t.kind} in ('export', 'erasure')`),
    check("data_requests_channel_check", sql`${t.channel} in ('self_service', 'staff')`),
  ],
);
