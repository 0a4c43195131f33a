import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema";

/** How the shopper wants to hear about orders besides email (which always goes: it is transactional). */
export interface NotificationPreferences {
  sms: boolean;
  push: boolean;
}

/** The account's choices; both off until the shopper opts in (KVKK: explicit consent). */
export async function notificationPreferences(
  db: Database,
  userId: string,
): Promise<NotificationPreferences> {
  const [row] = await db
    .select({ sms: users.smsOptIn, push: users.pushOptIn })
    .from(users)
    .where(eq(users.id, userId));
  return row ?? { sms: false, push: false };
}

/** Saves the account's choices; events queued from now on follow them. */
export async function setNotificationPreferences(
  db: Database,
  userId: string,
  choice: NotificationPreferences,
): Promise<void> {
  await db
    .update(users)
    .set({ smsOptIn: choice.sms, pushOptIn: choice.push, updatedAt: sql`now()` })
    .where(eq(users.id, userId));
}
