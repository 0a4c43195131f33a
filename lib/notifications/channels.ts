import { sql } from "drizzle-orm";
import { z } from "zod";
import { type Executor, rows } from "@/db/client";
import { enqueueJob, type TaskName } from "@/lib/jobs/queue";
import type { EmailKind, EmailMessage } from "./emails";

/** The order events a shopper may also hear about by SMS and push (a failed payment stays email only). */
export const SHORT_KINDS = [
  "order_received",
  "payment_confirmed",
  "shipped",
  "out_for_delivery",
  "delivered",
  "refunded",
] as const satisfies readonly EmailKind[];
export type ShortKind = (typeof SHORT_KINDS)[number];

/** Attempts of an SMS or push job, with the same backoff as an email's (about 3.5 hours in all). */
export const CHANNEL_MAX_ATTEMPTS = 10;

/**
 * The payload of `send_sms` and `send_push`: the event, never the phone number or the tokens, which the
 * job reads when it runs (from the order, from the account).
 */
export const channelJobSchema = z.object({
  eventKey: z.string().min(1),
  message: z.object({
    kind: z.enum(SHORT_KINDS),
    locale: z.string().optional(),
    orderNo: z.string().min(1),
    data: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).optional(),
  }),
});
export type ChannelJob = z.infer<typeof channelJobSchema>;

const isShortKind = (kind: EmailKind): kind is ShortKind => (SHORT_KINDS as readonly string[]).includes(kind);

/**
 * Queues the SMS and push of an order event beside its email, in the same transaction, as the shopper
 * chose: only orders of an account, SMS only when it opted in and the order has a shipping phone, push
 * only when it opted in and has a device. Each channel is an event of its own (`sms:<eventKey>`,
 * `push:<eventKey>`), so it is queued once however often the email's event is.
 */
export async function enqueueShopperChannels(
  tx: Executor,
  eventKey: string,
  message: EmailMessage,
): Promise<void> {
  if (!isShortKind(message.kind)) return;
  const [choice] = await rows<{ sms: boolean; push: boolean }>(
    tx,
    sql`
    select u.sms_opt_in and coalesce(o.shipping_address->>'phone', '') <> '' as sms,
      u.push_opt_in and exists (select 1 from push_tokens p where p.user_id = u.id) as push
    from orders o join users u on u.id = o.user_id
    where o.order_no = ${message.orderNo}`,
  );
  if (!choice) return;
  const { kind, locale, orderNo, data } = message;
  const channels: [boolean, TaskName, string][] = [
    [choice.sms, "send_sms", `sms:${eventKey}`],
    [choice.push, "send_push", `push:${eventKey}`],
  ];
  for (const [chosen, task, key] of channels) {
    if (!chosen) continue;
    const payload: ChannelJob = { eventKey: key, message: { kind, locale, orderNo, data } };
    await enqueueJob(tx, task, key, payload, { maxAttempts: CHANNEL_MAX_ATTEMPTS });
  }
}
