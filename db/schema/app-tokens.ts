import { sql } from "drizzle-orm";
import { type AnyPgColumn, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { belongsToText, nowTimestamp } from "./columns";

/**
 * One app sign-in (a password grant) and every refresh token rotated from it. Revoking the family ends
 * them all at once, including the short-lived access tokens, which carry the family's id and are only
 * honoured while it is live (lib/app-tokens). A trigger (migration) revokes a user's families when the
 * password changes or the account is erased.
 */
export const appTokenFamilies = pgTable(
  "app_token_families",
  {
    id: text().primaryKey().default(sql`'tf_' || replace(gen_random_uuid()::text, '-', '')`),
    userId: belongsToText(() => users.id),
    createdAt: nowTimestamp(),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.userId)],
);

/** Refresh tokens: only their SHA-256 is kept. A token is spent once it has been exchanged for a new pair. */
export const appRefreshTokens = pgTable(
  "app_refresh_tokens",
  {
    id: text().primaryKey().default(sql`'rt_' || replace(gen_random_uuid()::text, '-', '')`),
    familyId: belongsToText(() => appTokenFamilies.id),
    /** The token this one replaced; null for the family's first. */
    parentId: text().references((): AnyPgColumn => appRefreshTokens.id, { onDelete: "cascade" }),
    tokenHash: text().notNull().unique(),
    createdAt: nowTimestamp(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    spentAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.familyId)],
);
