import "server-only";
import { z } from "zod";
import type { Database } from "@/db/client";
import { env } from "@/lib/env";
import { eventDone } from "@/lib/jobs/queue";
import { deliverOnce, type SendEmailOptions } from "@/lib/notifications/sender";
import { EmailContentError } from "@/lib/notifications/templates";
import { transportFor } from "@/lib/notifications/transport";
import { renderWebhookDisabledEmail } from "@/lib/notifications/webhook-disabled";

const jobSchema = z.object({ eventKey: z.string().min(1), to: z.string().min(3), url: z.string() });

/** The `send_webhook_disabled` job: one email per administrator, at most once (its event key). */
export async function sendWebhookDisabledJob(db: Database, payload: unknown, options: SendEmailOptions = {}) {
  const parsed = jobSchema.safeParse(payload);
  if (!parsed.success)
    throw new EmailContentError(`malformed webhook email job: ${parsed.error.issues[0]?.message}`);
  const { eventKey, to, url } = parsed.data;
  if (await eventDone(db, eventKey)) return;
  const site = options.site ?? { storeName: env().STORE_NAME, appUrl: env().APP_URL };
  const adminUrl = `${site.appUrl.replace(/\/+$/, "")}/admin/webhooks`;
  const rendered = await renderWebhookDisabledEmail({ url, adminUrl }, site);
  await deliverOnce(
    db,
    { eventKey, from: options.from ?? env().EMAIL_FROM, to, ...rendered },
    options.transport ?? transportFor(env()),
  );
}
