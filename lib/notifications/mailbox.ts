import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import type { Database, Executor } from "@/db/client";
import { devEmails, devMessages } from "@/db/schema";

export interface MailboxEntry {
  id: number;
  eventKey: string;
  to: string;
  subject: string;
  /** How many files the email carries. */
  attachments: number;
  createdAt: Date;
}

/** The development mailbox, newest first (the latest `limit`), and how many emails it holds. */
export async function listDevEmails(
  db: Database,
  limit = 100,
): Promise<{ entries: MailboxEntry[]; total: number }> {
  const [entries, [count]] = await Promise.all([
    db
      .select({
        id: devEmails.id,
        eventKey: devEmails.eventKey,
        to: devEmails.to,
        subject: devEmails.subject,
        attachments: sql<number>`jsonb_array_length(${devEmails.attachments})`,
        createdAt: devEmails.createdAt,
      })
      .from(devEmails)
      .orderBy(desc(devEmails.createdAt), desc(devEmails.id))
      .limit(limit),
    db.select({ total: sql<number>`count(*)::int` }).from(devEmails),
  ]);
  return { entries, total: count?.total ?? 0 };
}

/** One stored email with its HTML and plain text, or null. */
export async function getDevEmail(db: Database, id: number) {
  const [email] = await db.select().from(devEmails).where(eq(devEmails.id, id)).limit(1);
  return email ?? null;
}

export interface DevMessage {
  eventKey: string;
  channel: "sms" | "push";
  /** The phone number, or which device (its platform and the token's last characters). */
  to: string;
  title?: string;
  body: string;
}

/** Keeps an SMS or push the store would have sent (the development sinks of lib/notifications/sms, push). */
export async function storeDevMessages(db: Executor, messages: DevMessage[]): Promise<void> {
  if (messages.length > 0) await db.insert(devMessages).values(messages);
}

export interface DevMessageEntry extends Omit<DevMessage, "title"> {
  id: number;
  title: string | null;
  createdAt: Date;
}

/** The development SMS and push messages, newest first (the latest `limit`). */
export async function listDevMessages(db: Database, limit = 100): Promise<DevMessageEntry[]> {
  return db
    .select()
    .from(devMessages)
    .orderBy(desc(devMessages.createdAt), desc(devMessages.id))
    .limit(limit);
}
