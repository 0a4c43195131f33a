import "server-only";
import { inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@/db/client";
import { PUSH_PLATFORMS, pushTokens } from "@/db/schema";

/** `ExponentPushToken[…]` (or Expo's newer `ExpoPushToken[…]`) as the app's getExpoPushTokenAsync gives it. */
const EXPO_TOKEN = /^Expo(nent)?PushToken\[[A-Za-z0-9_-]{1,200}\]$/;

/** The body of `POST /api/account/push-tokens`. */
export const pushTokenSchema = z.object({
  token: z
    .string()
    .trim()
    .refine((token) => EXPO_TOKEN.test(token), { params: { i18n: "account.notifications.invalidToken" } }),
  platform: z.enum(PUSH_PLATFORMS),
});
export type PushTokenInput = z.infer<typeof pushTokenSchema>;

/**
 * Registers a device of the account. A token is one device: registered again by another account (the
 * phone changed hands, another shopper signed in) it moves there, so pushes follow whoever signed in last.
 */
export async function registerPushToken(db: Executor, userId: string, input: PushTokenInput): Promise<void> {
  await db
    .insert(pushTokens)
    .values({ token: input.token, userId, platform: input.platform })
    .onConflictDoUpdate({
      target: pushTokens.token,
      set: { userId, platform: input.platform, updatedAt: sql`now()` },
    });
}

/** Forgets devices Expo reported as no longer registered (the app was uninstalled, the token expired). */
export async function removePushTokens(db: Executor, tokens: string[]): Promise<void> {
  if (tokens.length > 0) await db.delete(pushTokens).where(inArray(pushTokens.token, tokens));
}
