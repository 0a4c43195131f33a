"use server";

import { z } from "zod";
import { staffAction } from "@/lib/actions/action";
import { getDb } from "@/lib/db";
import { outboxRetrySchema, retryOutboxMessage } from "@/lib/notifications/queue";

/** Only a relative /admin/outbox URL (the list with its filters) is followed back after the retry. */
const back = z
  .string()
  .optional()
  .transform((raw) => (raw && /^\/admin\/outbox(\?[\w=&%-]*)?$/.test(raw) ? raw : "/admin/outbox"));

function withResult(url: string, result: "retried" | "notRetried"): string {
  return `${url}${url.includes("?") ? "&" : "?"}result=${result}`;
}

/**
 * "Retry now" from /admin/outbox: staff only (checked on the server), the row id validated, then the
 * message is pending and due now with its attempts unchanged. A plain form post: works without JavaScript.
 */
export const retryOutboxAction = staffAction(
  { page: "/admin/outbox", schema: outboxRetrySchema.extend({ back }), revalidate: ["/admin/outbox"] },
  async ({ id, back }) => {
    const row = await retryOutboxMessage(getDb(), id);
    return { redirect: withResult(back, row ? "retried" : "notRetried") };
  },
);
