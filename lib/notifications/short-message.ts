import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { orders } from "@/db/schema";
import { env } from "@/lib/env";
import type { Locale } from "@/lib/i18n/locale";
import { messageText } from "@/lib/i18n/translate";
import { eventDone } from "@/lib/jobs/queue";
import { formatMoney } from "@/lib/money";
import { type ChannelJob, channelJobSchema } from "./channels";
import { EmailContentError, emailLocale, eventDetails } from "./templates";

/** What an SMS or push of an order needs: who it is for, in which language, and its text. */
export interface ShortMessage {
  eventKey: string;
  orderNo: string;
  locale: Locale;
  userId: string | null;
  /** The order's shipping phone as typed at checkout (the SMS job normalizes it). */
  phone: string;
  /** The store's name (a push's title). */
  title: string;
  /** One or two sentences: what happened to the order, with its tracking link when it has one. */
  body: string;
}

/** The text of an event in a language; the same words for SMS and push, kept short for one SMS. */
export function shortText(
  message: ChannelJob["message"],
  order: { orderNo: string; currency: string },
  locale: Locale,
  store = env().STORE_NAME,
): string {
  const details = eventDetails({ ...message, to: "", locale });
  const amount =
    "refundAmount" in details && details.refundAmount !== undefined
      ? formatMoney(details.refundAmount, order.currency, locale)
      : undefined;
  const text =
    messageText(locale, `email.short.${message.kind}`, {
      ...details,
      store,
      orderNo: order.orderNo,
      amount,
    }) ?? "";
  return "trackingUrl" in details && details.trackingUrl ? `${text} ${details.trackingUrl}` : text;
}

/**
 * Reads a `send_sms` / `send_push` job: null when its event was already delivered by an earlier run,
 * else the message rendered from the order's snapshot in the event's (or the order's) language. A job
 * that can never be delivered (malformed, unknown order) throws EmailContentError: not retried.
 */
export async function readShortMessage(db: Database, payload: unknown): Promise<ShortMessage | null> {
  const parsed = channelJobSchema.safeParse(payload);
  if (!parsed.success)
    throw new EmailContentError(`malformed message job: ${parsed.error.issues[0]?.message}`);
  const { eventKey, message } = parsed.data;
  if (await eventDone(db, eventKey)) return null;
  const [order] = await db
    .select({
      orderNo: orders.orderNo,
      locale: orders.locale,
      currency: orders.currency,
      userId: orders.userId,
      shippingAddress: orders.shippingAddress,
    })
    .from(orders)
    .where(eq(orders.orderNo, message.orderNo))
    .limit(1);
  if (!order) throw new EmailContentError(`order ${message.orderNo} not found`);
  const locale = emailLocale(message, order);
  return {
    eventKey,
    orderNo: order.orderNo,
    locale,
    userId: order.userId,
    phone: order.shippingAddress.phone ?? "",
    title: env().STORE_NAME,
    body: shortText(message, order, locale),
  };
}
