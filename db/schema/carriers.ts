import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The simulated carrier's own record of the parcels it was given (lib/shipping/carriers/simulated.ts): what a
 * real carrier keeps on its side. The reference (the store's shipment id) makes a retried create find the
 * first parcel; the creation time is what its tracking steps are counted from.
 */
export const simulatedShipments = pgTable("simulated_shipments", {
  reference: text().primaryKey(),
  trackingNo: text().notNull().unique(),
  /** The parcel as the store sent it (order number, recipient, pieces), to print the same label again. */
  parcel: jsonb().$type<Record<string, unknown>>().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull(),
  cancelledAt: timestamp({ withTimezone: true }),
});
