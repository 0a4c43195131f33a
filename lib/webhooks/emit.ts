import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { WebhookEvent } from "@/db/schema";

/**
 * Announces an event to the webhook endpoints subscribed to it, inside the caller's transaction: one
 * delivery per endpoint and its deliver_webhook job (the SQL function webhook_emit, shared with the
 * low-stock trigger), so they exist if and only if the change commits. Callers call it where the change
 * itself happens once (a conditional update that moved a row), so each cause is announced once.
 */
export async function emitEvent(
  tx: Executor,
  type: WebhookEvent,
  data: Record<string, unknown>,
): Promise<void> {
  await tx.execute(sql`select webhook_emit(${type}, ${JSON.stringify(data)}::jsonb)`);
}
