// The outbox "retry now" service (lib/notifications/queue.ts) and the outbox list, against real PostgreSQL.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import {
  listOutbox,
  outboxListQuerySchema,
  outboxRetrySchema,
  retryOutboxMessage,
} from "@/lib/notifications/queue";
import { q } from "./checkout-support";

const db = getDb();
const NOW = new Date("2026-03-15T09:00:00Z");

interface Row {
  id: string;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
}

async function insert(status: "pending" | "sent" | "failed", attempts: number, nextAttemptAt: string) {
  const [row] = await q<{ id: string }>(
    db,
    sql`insert into outbox (event_key, topic, payload, status, attempts, next_attempt_at, last_error, sent_at)
      values (${`test:${randomBytes(5).toString("hex")}`}, 'email', '{}'::jsonb, ${status}, ${attempts},
        ${nextAttemptAt}::timestamptz, ${status === "sent" ? null : "TransportError: 503"},
        ${status === "sent" ? nextAttemptAt : null}::timestamptz)
      returning id::text as id`,
  );
  if (!row) throw new Error("insert failed");
  return Number(row.id);
}

async function read(id: number): Promise<Row> {
  const [row] = await q<Row>(
    db,
    sql`select id::text as id, status, attempts, next_attempt_at, last_error from outbox where id = ${id}::bigint`,
  );
  if (!row) throw new Error("row missing");
  return row;
}

let failed: number;
let pending: number;
let sent: number;

beforeAll(async () => {
  await db.execute(sql`delete from outbox`);
  failed = await insert("failed", 8, "2026-03-14T09:00:00Z");
  pending = await insert("pending", 3, "2026-03-15T10:00:00Z");
  sent = await insert("sent", 1, "2026-03-15T08:00:00Z");
});

describe("outbox retry now", () => {
  it("makes a failed message pending and due now, attempts unchanged", async () => {
    const entry = await retryOutboxMessage(db, failed, NOW);
    expect(entry).toMatchObject({ id: failed, status: "pending", attempts: 8 });
    const row = await read(failed);
    expect(row.status).toBe("pending");
    expect(row.attempts).toBe(8);
    expect(new Date(row.next_attempt_at).toISOString()).toBe(NOW.toISOString());
    expect(row.last_error).toBe("TransportError: 503");
  });

  it("leaves a pending message alone: it may be mid-send under a drain's lease", async () => {
    expect(await retryOutboxMessage(db, pending, NOW)).toBeNull();
    const row = await read(pending);
    expect(row.attempts).toBe(3);
    expect(new Date(row.next_attempt_at).toISOString()).toBe("2026-03-15T10:00:00.000Z");
  });

  it("never touches a sent message or a missing one", async () => {
    expect(await retryOutboxMessage(db, sent, NOW)).toBeNull();
    const row = await read(sent);
    expect(row.status).toBe("sent");
    expect(row.attempts).toBe(1);
    expect(await retryOutboxMessage(db, 999_999_999, NOW)).toBeNull();
  });

  it("validates the posted id", () => {
    expect(outboxRetrySchema.safeParse({ id: "12" })).toMatchObject({ success: true, data: { id: 12 } });
    for (const id of ["", "abc", "-1", "0", "1.5", null])
      expect(outboxRetrySchema.safeParse({ id }).success).toBe(false);
  });

  it("lists by status, newest first, with the total", async () => {
    const list = (query: Record<string, string>) => listOutbox(db, outboxListQuerySchema.parse(query));
    const all = await list({});
    expect(all.total).toBe(3);
    expect(all.limit).toBe(50);
    const pendingOnly = await list({ status: "pending" });
    expect(pendingOnly.items.map((item) => item.id).sort()).toEqual([failed, pending].sort());
    const sentOnly = await list({ status: "sent" });
    expect(sentOnly.items.map((item) => item.id)).toEqual([sent]);
    expect((await list({ page: "2" })).items).toEqual([]);
  });

  it("sorts by a column either way and refuses columns it does not know", async () => {
    const ids = async (sort: string) =>
      (await listOutbox(db, outboxListQuerySchema.parse({ sort }))).items.map((item) => item.id);
    expect(await ids("attempts")).toEqual([sent, pending, failed]);
    expect(await ids("-attempts")).toEqual([failed, pending, sent]);
    const byStatus = await listOutbox(db, outboxListQuerySchema.parse({ sort: "status" }));
    const statuses = byStatus.items.map((item) => item.status);
    expect(statuses).toEqual([...statuses].sort());
    expect(outboxListQuerySchema.safeParse({ sort: "last_error; drop table outbox" }).success).toBe(false);
  });
});
