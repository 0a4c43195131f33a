import { bigint, index, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { variants } from "./catalog";
import { belongsTo, belongsToText, nowTimestamp } from "./columns";

/** A shopper's wishlist: a guest's (found by the signed `wishlist` cookie) or a signed-in user's. */
export const wishlists = pgTable(
  "wishlists",
  {
    id: text().primaryKey(),
    /** Owner once signed in; null for a guest's list. */
    userId: text().references(() => users.id, { onDelete: "cascade" }),
    createdAt: nowTimestamp(),
  },
  // One list per signed-in user: a guest's list joins it at sign-in.
  (t) => [uniqueIndex().on(t.userId)],
);

/** The most SKUs one list keeps (WISHLIST_FULL beyond it). */
export const WISHLIST_MAX = 200;

export const wishlistItems = pgTable(
  "wishlist_items",
  {
    wishlistId: belongsToText(() => wishlists.id),
    variantId: belongsTo(() => variants.id),
    /** The price when the shopper added the SKU: a lower price now is shown as a price drop. */
    priceWhenAdded: bigint({ mode: "number" }).notNull(),
    createdAt: nowTimestamp(),
  },
  (t) => [primaryKey({ columns: [t.wishlistId, t.variantId] }), index().on(t.variantId)],
);
