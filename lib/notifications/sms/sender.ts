import "server-only";
import type { Database } from "@/db/client";
import { type Env, env } from "@/lib/env";
import { markEventDone } from "@/lib/jobs/queue";
import { log } from "@/lib/log";
import { readShortMessage } from "../short-message";
import { EmailContentError } from "../templates";
import { netgsmProvider } from "./netgsm";
import { turkishMobile } from "./phone";
import { devSmsProvider, type SmsProvider } from "./provider";

let warned = false;

type SmsEnv = Pick<
  Env,
  "NETGSM_USERCODE" | "NETGSM_PASSWORD" | "NETGSM_MSGHEADER" | "NETGSM_BASE_URL" | "NODE_ENV"
>;

/** Netgsm when its user code, password and header are set, else the development mailbox. */
export function smsProviderFor(config: SmsEnv): SmsProvider {
  const { NETGSM_USERCODE: usercode, NETGSM_PASSWORD: password, NETGSM_MSGHEADER: msgheader } = config;
  if (usercode && password && msgheader) {
    return netgsmProvider({ usercode, password, msgheader, baseUrl: config.NETGSM_BASE_URL });
  }
  if (config.NODE_ENV === "production" && !warned) {
    warned = true;
    log.warn("Netgsm is not configured: order SMS are kept in /admin/mailbox and not sent.");
  }
  return devSmsProvider();
}

export interface SendSmsOptions {
  /** Defaults to Netgsm when configured, else the development mailbox. */
  provider?: SmsProvider;
}

/**
 * The `send_sms` job: the event's short text to the order's shipping phone, at most once per event
 * even when the job runs again (the development mailbox stores it in the transaction that marks the
 * event sent). Netgsm has no idempotency key: it is called before the event is marked, so only a crash
 * between its answer and the mark can repeat an SMS. A phone that is not a Turkish mobile is not retried.
 */
export async function sendSmsJob(
  db: Database,
  payload: unknown,
  options: SendSmsOptions = {},
): Promise<void> {
  const message = await readShortMessage(db, payload);
  if (!message) return;
  const to = turkishMobile(message.phone);
  if (!to) throw new EmailContentError(`order ${message.orderNo} has no Turkish mobile number`);
  const provider = options.provider ?? smsProviderFor(env());
  const sms = { eventKey: message.eventKey, to, text: message.body };
  if (provider.transactional) {
    await db.transaction(async (tx) => {
      if (await markEventDone(tx, message.eventKey)) await provider.send(sms, tx);
    });
  } else {
    await provider.send(sms, db);
    await markEventDone(db, message.eventKey);
  }
}
