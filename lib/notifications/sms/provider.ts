import "server-only";
import type { Executor } from "@/db/client";
import { storeDevMessages } from "../mailbox";

/** One SMS, ready to leave the store. */
export interface OutgoingSms {
  /** The event key of the SMS's job: its identity. */
  eventKey: string;
  /** E.164, a Turkish mobile (+905…). */
  to: string;
  text: string;
}

/**
 * Where SMS go. A `transactional` provider writes with the transaction that marks the event sent (the
 * development mailbox), so "stored" and "sent" commit together; others are called before it is marked.
 */
export interface SmsProvider {
  readonly name: string;
  readonly transactional: boolean;
  send(sms: OutgoingSms, db: Executor): Promise<void>;
}

/** The development sink: SMS kept in dev_messages and shown in /admin/mailbox. */
export function devSmsProvider(): SmsProvider {
  return {
    name: "dev",
    transactional: true,
    async send(sms, db) {
      await storeDevMessages(db, [{ eventKey: sms.eventKey, channel: "sms", to: sms.to, body: sms.text }]);
    },
  };
}
