import { sql } from "drizzle-orm";
import { check, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { bigId, nowTimestamp } from "./columns";
import { orders } from "./orders";

/** The store's legal texts staff edit in /admin/settings (lib/legal/texts.ts). */
export const LEGAL_TEXT_KINDS = ["pre_information", "distance_contract", "privacy"] as const;
export type LegalTextKind = (typeof LEGAL_TEXT_KINDS)[number];

/**
 * Every saved version of a legal text, never changed or deleted (a trigger refuses both): the current
 * text of a kind is its highest version, and an accepted contract names the versions it was made from.
 */
export const legalTexts = pgTable(
  "legal_texts",
  {
    id: bigId(),
    kind: text().$type<LegalTextKind>().notNull(),
    version: integer().notNull(),
    /** Plain text with {{placeholders}} (lib/legal/render.ts), never HTML. */
    body: text().notNull(),
    author: text().notNull(),
    createdAt: nowTimestamp(),
  },
  (t) => [
    uniqueIndex().on(t.kind, t.version),
    check("legal_texts_kind_check", sql`${t.kind} in ('pre_information', 'distance_contract', 'privacy')`),
    check("legal_texts_version_check", sql`${t.version} > 0`),
  ],
);

/**
 * What the buyer accepted, exactly as it was shown: the pre-information form and the distance sales
 * contract rendered from the order's snapshot in the order's own transaction. Never changed or deleted
 * (a trigger refuses both); the order cannot be deleted while its contract exists.
 */
export const orderContracts = pgTable("order_contracts", {
  orderId: text()
    .primaryKey()
    .references(() => orders.id),
  preInformationVersion: integer().notNull(),
  contractVersion: integer().notNull(),
  preInformation: text().notNull(),
  contract: text().notNull(),
  acceptedAt: timestamp({ withTimezone: true }).notNull(),
});
