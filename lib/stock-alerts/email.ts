import "server-only";
import { z } from "zod";
import type { Database } from "@/db/client";
import { env } from "@/lib/env";
import { eventDone } from "@/lib/jobs/queue";
import { deliverOnce, type SendEmailOptions } from "@/lib/notifications/sender";
import { renderStockAlertEmail } from "@/lib/notifications/stock-alert";
import { EmailContentError } from "@/lib/notifications/templates";
import { transportFor } from "@/lib/notifications/transport";
import { alertToSend } from "./service";
import { unsubscribePath } from "./token";

/** Queued by the back-in-stock trigger (migration stock_alerts), one per subscription. */
const jobSchema = z.object({ eventKey: z.string().min(1), alertId: z.coerce.number().int().min(1) });

/**
 * The `send_stock_alert` job: emails a subscriber that the variant is back, at most once (its event key,
 * as every email job). A subscription ended before the job ran (unsubscribed, the product deleted) is
 * not an error: there is nobody left to tell.
 */
export async function sendStockAlertJob(
  db: Database,
  payload: unknown,
  options: SendEmailOptions = {},
): Promise<void> {
  const parsed = jobSchema.safeParse(payload);
  if (!parsed.success)
    throw new EmailContentError(`malformed stock alert job: ${parsed.error.issues[0]?.message}`);
  const { eventKey, alertId } = parsed.data;
  if (await eventDone(db, eventKey)) return;
  const alert = await alertToSend(db, alertId);
  if (!alert) return;
  const site = options.site ?? { storeName: env().STORE_NAME, appUrl: env().APP_URL };
  const base = site.appUrl.replace(/\/+$/, "");
  const rendered = await renderStockAlertEmail(
    {
      locale: alert.locale,
      productName: alert.productName,
      variantName: alert.variantName,
      productUrl: `${base}/products/${encodeURIComponent(alert.slug)}?sku=${encodeURIComponent(alert.sku)}`,
      unsubscribeUrl: `${base}${unsubscribePath(alert.id, env().AUTH_SECRET)}`,
    },
    site,
  );
  const transport = options.transport ?? transportFor(env());
  await deliverOnce(
    db,
    { eventKey, from: options.from ?? env().EMAIL_FROM, to: alert.email, ...rendered },
    transport,
  );
}
