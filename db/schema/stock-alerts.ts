import { index, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { variants } from "./catalog";
import { belongsTo, bigId, nowTimestamp } from "./columns";

/**
 * "Gelince haber ver": an email address waiting for a sold-out variant. The stock trigger of migration
 * stock_alerts marks it notified (notified_at) in the transaction that brings the variant back, and queues
 * its one email; subscribing again after that starts a new subscription (a new id, a new email).
 */
export const stockAlerts = pgTable(
  "stock_alerts",
  {
    id: bigId(),
    variantId: belongsTo(() => variants.id),
    /** Lower-cased. */
    email: text().notNull(),
    /** The language the subscriber used, for the email. */
    locale: text().notNull(),
    /** The account that subscribed, when signed in (its subscriptions go with it). */
    userId: text().references(() => users.id, { onDelete: "cascade" }),
    createdAt: nowTimestamp(),
    notifiedAt: timestamp({ withTimezone: true }),
  },
  (t) => [unique().on(t.variantId, t.email), index().on(t.variantId, t.notifiedAt)],
);
