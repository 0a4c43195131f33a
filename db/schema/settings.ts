import { jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { nowTimestamp } from "./columns";

/**
 * Store settings staff change in /admin (which provider takes cards, the installment policy…): one row per
 * key, the value as JSON, read through the capability that owns the key (lib/payments/settings.ts).
 */
export const storeSettings = pgTable("store_settings", {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedBy: text(),
  updatedAt: nowTimestamp(),
});
