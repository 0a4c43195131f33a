"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireStaffActor } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { outboxRetrySchema, retryOutboxMessage } from "@/lib/notifications/queue";

/** Only a relative /admin/outbox URL (the list with its filters) is followed back after the retry. */
function backTo(raw: FormDataEntryValue | null): string {
  return typeof raw === "string" && /^\/admin\/outbox(\?[\w=&%-]*)?$/.test(raw) ? raw : "/admin/outbox";
}

function withResult(url: string, result: "retried" | "notRetried"): string {
  return `${url}${url.includes("?") ? "&" : "?"}result=${result}`;
}

/**
 * "Retry now" from /admin/outbox: staff only (checked on the server), the row id validated, then the
 * message is pending and due now with its attempts unchanged. A plain form post: works without JavaScript.
 */
export async function retryOutboxAction(formData: FormData): Promise<void> {
  await requireStaffActor("/admin/outbox");
  const back = backTo(formData.get("back"));
  const parsed = outboxRetrySchema.safeParse({ id: formData.get("id") });
  const row = parsed.success ? await retryOutboxMessage(getDb(), parsed.data.id) : null;
  revalidatePath("/admin/outbox");
  redirect(withResult(back, row ? "retried" : "notRetried"));
}
