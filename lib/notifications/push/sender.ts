import "server-only";
import { eq } from "drizzle-orm";
import type { ExpoPushMessage, ExpoPushReceipt, ExpoPushTicket } from "expo-server-sdk";
import type { Database } from "@/db/client";
import { pushTokens } from "@/db/schema";
import { type Env, env } from "@/lib/env";
import { enqueueJob, markEventDone } from "@/lib/jobs/queue";
import { log } from "@/lib/log";
import { storeDevMessages } from "../mailbox";
import { readShortMessage } from "../short-message";
import { TransportError } from "../transport";
import { removePushTokens } from "./tokens";

export interface SendPushOptions {
  /** "expo" or "dev"; defaults from PUSH_PROVIDER / EXPO_ACCESS_TOKEN (pushProviderFor). */
  provider?: "expo" | "dev";
  accessToken?: string;
}

/** Expo's push service when PUSH_PROVIDER=expo or an access token is set; else the development mailbox. */
export function pushProviderFor(config: Pick<Env, "PUSH_PROVIDER" | "EXPO_ACCESS_TOKEN">): "expo" | "dev" {
  return config.PUSH_PROVIDER ?? (config.EXPO_ACCESS_TOKEN ? "expo" : "dev");
}

/**
 * The SDK, loaded when a push is first sent: it reads EXPO_BASE_URL as it loads (tests set it to their
 * fake first), and no page or checkout bundle needs it.
 */
async function expoClient(accessToken: string | undefined) {
  const { Expo } = await import("expo-server-sdk");
  return new Expo({ accessToken });
}

/**
 * An SDK request; a failure becomes a retryable TransportError naming only Expo's status and code (its
 * messages can quote the tokens, which stay out of job errors and logs).
 */
async function expoRequest<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    const { statusCode, code, name } = error as { statusCode?: number; code?: string; name?: string };
    throw new TransportError(`Expo ${statusCode ?? "no answer"} ${code ?? name ?? "error"}`);
  }
}

/** A device as the mailbox names it: its platform and the token's end, never the whole token. */
const deviceName = (platform: string, token: string) => `${platform} …${token.slice(-8, -1)}`;

const notRegistered = (outcome: ExpoPushTicket | ExpoPushReceipt) =>
  outcome.status === "error" && outcome.details?.error === "DeviceNotRegistered";

/**
 * The `send_push` job: the event's short text to every device of the order's account, at most once per
 * event (the development mailbox stores it in the transaction that marks the event sent). With Expo, the
 * messages go in the SDK's chunks (100 a request); tickets saying DeviceNotRegistered remove their
 * token at once, and the receipts of the accepted ones are read later by `check_push_receipts`, queued
 * with the mark. A failed request fails the attempt and it is retried with backoff.
 */
export async function sendPushJob(
  db: Database,
  payload: unknown,
  options: SendPushOptions = {},
): Promise<void> {
  const message = await readShortMessage(db, payload);
  if (!message) return;
  const devices = message.userId
    ? await db
        .select({ token: pushTokens.token, platform: pushTokens.platform })
        .from(pushTokens)
        .where(eq(pushTokens.userId, message.userId))
    : [];
  const provider = options.provider ?? pushProviderFor(env());
  if (provider === "dev" || devices.length === 0) {
    await db.transaction(async (tx) => {
      if (!(await markEventDone(tx, message.eventKey))) return;
      await storeDevMessages(
        tx,
        devices.map((d) => ({
          eventKey: message.eventKey,
          channel: "push" as const,
          to: deviceName(d.platform, d.token),
          title: message.title,
          body: message.body,
        })),
      );
    });
    return;
  }
  const expo = await expoClient(options.accessToken ?? env().EXPO_ACCESS_TOKEN);
  const messages: ExpoPushMessage[] = devices.map((d) => ({
    to: d.token,
    title: message.title,
    body: message.body,
    sound: "default",
    data: { orderNo: message.orderNo },
  }));
  const receipts: Record<string, string> = {};
  const gone: string[] = [];
  for (const chunk of expo.chunkPushNotifications(messages)) {
    const tickets = await expoRequest(() => expo.sendPushNotificationsAsync(chunk));
    tickets.forEach((ticket, i) => {
      const token = chunk[i]?.to as string;
      if (ticket.status === "ok") receipts[ticket.id] = token;
      else if (notRegistered(ticket)) gone.push(token);
      else log.warn(`Expo refused a push of ${message.eventKey}: ${ticket.details?.error ?? "error"}`);
    });
  }
  await db.transaction(async (tx) => {
    await removePushTokens(tx, gone);
    if (!(await markEventDone(tx, message.eventKey))) return;
    if (Object.keys(receipts).length === 0) return;
    await enqueueJob(
      tx,
      "check_push_receipts",
      `receipts:${message.eventKey}`,
      { receipts },
      { maxAttempts: 5, runAt: new Date(Date.now() + env().PUSH_RECEIPT_DELAY_SECONDS * 1000) },
    );
  });
}

/**
 * The `check_push_receipts` job: Expo's receipts of accepted pushes (ticket id → token), read in the
 * SDK's chunks (300 ids a request); a DeviceNotRegistered receipt removes its token. Other errors are
 * logged by their code only: Expo's message text names the token.
 */
export async function checkPushReceiptsJob(
  db: Database,
  payload: unknown,
  options: Pick<SendPushOptions, "accessToken"> = {},
): Promise<void> {
  const receipts = (payload as { receipts?: Record<string, string> } | null)?.receipts ?? {};
  const expo = await expoClient(options.accessToken ?? env().EXPO_ACCESS_TOKEN);
  const gone: string[] = [];
  for (const ids of expo.chunkPushNotificationReceiptIds(Object.keys(receipts))) {
    const answers = await expoRequest(() => expo.getPushNotificationReceiptsAsync(ids));
    for (const [id, receipt] of Object.entries(answers)) {
      const token = receipts[id];
      if (token && notRegistered(receipt)) gone.push(token);
      else if (receipt.status === "error")
        log.warn(`Expo push receipt error: ${receipt.details?.error ?? "error"}`);
    }
  }
  await removePushTokens(db, gone);
}
