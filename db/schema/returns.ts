import { sql } from "drizzle-orm";
import { check, index, jsonb, pgSequence, pgTable, text } from "drizzle-orm/pg-core";
import { belongsToText, bigId, timestamps } from "./columns";
import { orders, refunds } from "./orders";

/** The return state machine of the contract (lib/returns/state.ts says which step follows which). */
export const RETURN_STATUSES = ["requested", "approved", "rejected", "received", "refunded"] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

/** Why a buyer sends something back (translated in messages/<locale>/returns.json). */
export const RETURN_REASONS = [
  "damaged",
  "wrong_item",
  "not_as_described",
  "changed_mind",
  "size_fit",
  "other",
] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

/** A returned line: what the buyer sends back and why; `received` and `restock` as staff inspected it. */
export interface ReturnLine {
  sku: string;
  qty: number;
  reason: ReturnReason;
  received?: number;
  restock?: boolean;
}

/** Return numbers (IAD-2026-001001) come from this sequence, so they never repeat even across instances. */
export const returnNumbers = pgSequence("return_no_seq", { startWith: 1001 });

/**
 * A buyer's return of delivered units (lib/returns). Its steps are entries of the order's timeline
 * (order_events with its return number), each once. `iban`: where a cash-on-delivery or bank transfer
 * order's money goes back; `returnCode`: the carrier's code for sending the parcel back, when the order's
 * carrier issues one (else the buyer is told to send it to the seller's address).
 */
export const returns = pgTable(
  "returns",
  {
    id: bigId(),
    returnNo: text().notNull().unique(),
    orderId: belongsToText(() => orders.id),
    status: text().$type<ReturnStatus>().notNull().default("requested"),
    lines: jsonb().$type<ReturnLine[]>().notNull(),
    note: text(),
    iban: text(),
    carrier: text(),
    returnCode: text(),
    refundId: text().references(() => refunds.id, { onDelete: "set null" }),
    ...timestamps(),
  },
  (t) => [
    index().on(t.orderId),
    index().on(t.status, t.createdAt),
    check(
      "returns_status_check",
      sql`${t.status} in (${sql.raw(RETURN_STATUSES.map((s) => `'${s}'`).join(", "))})`,
    ),
  ],
);
