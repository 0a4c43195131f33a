import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { devEmails } from "@/db/schema";

export interface MailboxEntry {
  id: number;
  eventKey: string;
  to: string;
  subject: string;
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
