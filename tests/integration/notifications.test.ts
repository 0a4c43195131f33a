import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type SQL, sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDb, type Database } from "@/db/client";
import { getDb } from "@/lib/db";
import { type EmailMessage, enqueueEmail } from "@/lib/notifications/outbox";
import { MAX_ATTEMPTS, processOutbox } from "@/lib/notifications/sender";
import { mailboxTransport, transportFor } from "@/lib/notifications/transport";

// The route test below reads CRON_SECRET through lib/env, which parses process.env once, on first use
// (nothing in this file's imports uses it). No test here may reach the real Resend.
const CRON_SECRET = `cron-${randomBytes(12).toString("hex")}`;
process.env.CRON_SECRET = CRON_SECRET;
delete process.env.RESEND_API_KEY;

const MINUTE = 60_000;
const mailbox = mailboxTransport();

async function q<T>(db: Database, query: SQL): Promise<T[]> {
  return (await db.execute(query)) as unknown as T[];
}

interface OutboxRow {
  event_key: string;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  sent_at: Date | null;
}

async function outboxRow(db: Database, eventKey: string): Promise<OutboxRow> {
  const [row] = await q<OutboxRow>(
    db,
    sql`select event_key, status, attempts, next_attempt_at, last_error, sent_at from outbox
      where event_key = ${eventKey}`,
  );
  if (!row) throw new Error(`no outbox row ${eventKey}`);
  return { ...row, next_attempt_at: new Date(row.next_attempt_at) };
}

async function devEmails(db: Database) {
  return q<{ event_key: string; to: string; subject: string; html: string; text: string }>(
    db,
    sql`select event_key, "to", subject, html, text from dev_emails order by id`,
  );
}

/** A minimal placed order with two lines, written the way checkout writes its snapshot. */
async function insertOrder(db: Database, orderNo: string) {
  const address = {
    name: "Ayşe Yılmaz",
    line1: "Bağdat Cad. 1",
    city: "İstanbul",
    postalCode: "34710",
    country: "TR",
    phone: "+905551112233",
  };
  const [order] = await q<{ id: string }>(
    db,
    sql`insert into orders (order_no, email, locale, status, payment_method, currency, subtotal, discount,
        shipping, tax, fees, total, tax_included, pricing, shipping_address, billing_address, shipping_method)
      values (${orderNo}, 'ayse@example.com', 'tr', 'paid', 'card', 'TRY', 159800, 15980, 0, 23970, 1500,
        145320, true, '{}'::jsonb, ${JSON.stringify(address)}::jsonb, ${JSON.stringify(address)}::jsonb,
        ${JSON.stringify({ id: "standard", name: "Standart", carrier: "Yurtiçi", price: 0 })}::jsonb)
      returning id`,
  );
  await db.execute(sql`insert into order_items (order_id, sku, product_slug, name, variant_name, qty,
      unit_price, line_total, discount, tax, tax_rate_bp)
    values (${order?.id}, 'TSHIRT-BLK-M', 'tisort', 'Pamuklu Tişört', 'Siyah / M', 2, 49900, 99800, 9980,
        14970, 2000),
      (${order?.id}, 'MUG-WHT', 'kupa', 'Seramik Kupa', 'Beyaz', 1, 60000, 60000, 6000, 9000, 2000)`);
}

function message(orderNo: string, overrides: Partial<EmailMessage> = {}): EmailMessage {
  return { kind: "payment_confirmed", to: "ayse@example.com", locale: "tr", orderNo, ...overrides };
}

async function enqueue(db: Database, eventKey: string, msg: EmailMessage) {
  await db.transaction(async (tx) => enqueueEmail(tx, eventKey, msg));
}

/** A stand-in for api.resend.com: answers with the status it is told, records every request. */
interface FakeResend {
  url: string;
  status: number;
  requests: { method?: string; url?: string; headers: IncomingHttpHeaders; body: Record<string, unknown> }[];
  close(): Promise<void>;
}

async function startFakeResend(): Promise<FakeResend> {
  const fake = { status: 500, requests: [] as FakeResend["requests"] };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      fake.requests.push({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: raw ? JSON.parse(raw) : {},
      });
      response.writeHead(fake.status, { "content-type": "application/json" });
      response.end(
        JSON.stringify(
          fake.status === 200
            ? { id: `email_${fake.requests.length}` }
            : fake.status === 422
              ? { statusCode: 422, name: "validation_error", message: "Invalid `to` field." }
              : { statusCode: fake.status, name: "internal_server_error", message: "Something broke." },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

let db: Database;
let fake: FakeResend;
const ORDER = "SF-2026-900001";

beforeAll(async () => {
  db = getDb();
  await insertOrder(db, ORDER);
  fake = await startFakeResend();
  // The mechanism the Resend SDK itself offers: it reads RESEND_BASE_URL when a client is constructed.
  process.env.RESEND_BASE_URL = fake.url;
});

afterAll(async () => {
  delete process.env.RESEND_BASE_URL;
  await fake.close();
});

beforeEach(async () => {
  await db.execute(sql`delete from outbox`);
  await db.execute(sql`delete from dev_emails`);
  fake.requests.length = 0;
  fake.status = 500;
});

/** What production uses when RESEND_API_KEY is set, pointed at the fake by RESEND_BASE_URL. */
function resend() {
  return transportFor({ NODE_ENV: "test", RESEND_API_KEY: "re_test_key" });
}

describe("order emails through the outbox", () => {
  it("stores one message per event and delivers it once, with the order's number and Turkish total", async () => {
    const key = `payment_confirmed:${ORDER}`;
    await enqueue(db, key, message(ORDER));
    await enqueue(db, key, message(ORDER, { kind: "order_received" }));
    const [{ count } = { count: -1 }] = await q<{ count: number }>(
      db,
      sql`select count(*)::int as count from outbox where event_key = ${key}`,
    );
    expect(count).toBe(1);

    expect(await processOutbox(db, { transport: mailbox })).toEqual({ processed: 1, failed: 0 });
    const emails = await devEmails(db);
    expect(emails).toHaveLength(1);
    const [email] = emails;
    expect(email?.event_key).toBe(key);
    expect(email?.to).toBe("ayse@example.com");
    expect(email?.subject).toBe(`Ödemeniz onaylandı (${ORDER})`);
    expect(email?.html).toContain(ORDER);
    expect(email?.html).toContain("₺1.453,20");
    expect(email?.html).toContain("Pamuklu Tişört");
    expect(email?.html).toContain("Merhaba Ayşe Yılmaz,");
    expect(email?.text).toContain("₺1.453,20");
    const row = await outboxRow(db, key);
    expect(row).toMatchObject({ status: "sent", attempts: 1, last_error: null });
    expect(row.sent_at).not.toBeNull();

    // Nothing is sent twice: not by a second drain, not by the same event enqueued again.
    expect(await processOutbox(db, { transport: mailbox })).toEqual({ processed: 0, failed: 0 });
    await enqueue(db, key, message(ORDER));
    expect(
      await processOutbox(db, { transport: mailbox, now: new Date(Date.now() + 24 * 60 * MINUTE) }),
    ).toEqual({ processed: 0, failed: 0 });
    expect(await devEmails(db)).toHaveLength(1);
  });

  it("two drains at once deliver 30 due emails exactly once each", async () => {
    const kinds = ["order_received", "payment_confirmed", "payment_failed"] as const;
    for (let i = 0; i < 30; i++) {
      await enqueue(db, `bulk:${i}`, message(ORDER, { kind: kinds[i % 3], locale: i % 2 ? "en" : "tr" }));
    }
    const url = process.env.DATABASE_URL ?? "";
    const pools = [createDb(url, { max: 3 }), createDb(url, { max: 3 })];
    try {
      const drain = async (pool: Database) => {
        let processed = 0;
        for (;;) {
          const result = await processOutbox(pool, { transport: mailbox, limit: 4 });
          if (result.processed + result.failed === 0) return processed;
          expect(result.failed).toBe(0);
          processed += result.processed;
        }
      };
      const counts = await Promise.all(pools.map(({ db: pool }) => drain(pool)));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(30);
    } finally {
      await Promise.all(pools.map(({ client }) => client.end()));
    }
    const emails = await devEmails(db);
    expect(emails).toHaveLength(30);
    expect(new Set(emails.map((e) => e.event_key)).size).toBe(30);
    const [pending] = await q<{ count: number }>(
      db,
      sql`select count(*)::int as count from outbox where status <> 'sent' or attempts <> 1`,
    );
    expect(pending?.count).toBe(0);
  });

  it("five drains at once send each of 30 emails through Resend exactly once", async () => {
    // Resend is called before the row is marked sent, so here only the claim keeps drains apart.
    fake.status = 200;
    for (let i = 0; i < 30; i++) await enqueue(db, `race:${i}`, message(ORDER));
    const url = process.env.DATABASE_URL ?? "";
    const pools = Array.from({ length: 5 }, () => createDb(url, { max: 2 }));
    try {
      const drain = async (pool: Database) => {
        let processed = 0;
        for (;;) {
          const result = await processOutbox(pool, { transport: resend(), limit: 3 });
          if (result.processed + result.failed === 0) return processed;
          processed += result.processed;
        }
      };
      const counts = await Promise.all(pools.map(({ db: pool }) => drain(pool)));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(30);
    } finally {
      await Promise.all(pools.map(({ client }) => client.end()));
    }
    const keys = fake.requests.map((r) => String(r.headers["idempotency-key"]));
    expect(keys).toHaveLength(30);
    expect(new Set(keys).size).toBe(30);
    const [wrong] = await q<{ count: number }>(
      db,
      sql`select count(*)::int as count from outbox where status <> 'sent' or attempts <> 1`,
    );
    expect(wrong?.count).toBe(0);
  });

  it("retries a Resend failure later with the same idempotency key, then marks it sent", async () => {
    const key = `shipped:${ORDER}`;
    await enqueue(
      db,
      key,
      message(ORDER, { kind: "shipped", locale: "en", data: { carrier: "Aras Kargo", trackingNo: "AR123" } }),
    );
    const now = new Date(Date.now() + 1000);

    fake.status = 500;
    expect(await processOutbox(db, { transport: resend(), now })).toEqual({ processed: 0, failed: 1 });
    let row = await outboxRow(db, key);
    expect(row.status).toBe("pending");
    expect(row.attempts).toBe(1);
    expect(row.next_attempt_at.getTime()).toBeGreaterThan(now.getTime());
    expect(row.next_attempt_at.getTime()).toBe(now.getTime() + MINUTE);
    expect(row.last_error).toContain("500");
    expect(fake.requests).toHaveLength(1);
    const [first] = fake.requests;
    expect(first?.method).toBe("POST");
    expect(first?.url).toBe("/emails");
    expect(first?.headers.authorization).toBe("Bearer re_test_key");
    expect(first?.headers["idempotency-key"]).toBe(key);
    expect(first?.body).toMatchObject({ from: "Çarşı <siparis@carsi.test>", to: "ayse@example.com" });
    expect(first?.body.subject).toBe(`Your order is on its way (${ORDER})`);
    expect(String(first?.body.html)).toContain("AR123");
    expect(String(first?.body.text)).toContain("Aras Kargo");
    expect(await devEmails(db)).toHaveLength(0);

    // Not due yet: nothing happens.
    expect(await processOutbox(db, { transport: resend(), now })).toEqual({ processed: 0, failed: 0 });
    expect(fake.requests).toHaveLength(1);

    fake.status = 200;
    fake.requests.length = 0;
    const later = new Date(now.getTime() + MINUTE);
    expect(await processOutbox(db, { transport: resend(), now: later })).toEqual({ processed: 1, failed: 0 });
    row = await outboxRow(db, key);
    expect(row.status).toBe("sent");
    expect(row.attempts).toBe(2);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.headers["idempotency-key"]).toBe(key);

    const muchLater = new Date(now.getTime() + 48 * 60 * MINUTE);
    expect(await processOutbox(db, { transport: resend(), now: muchLater })).toEqual({
      processed: 0,
      failed: 0,
    });
    expect(fake.requests).toHaveLength(1);
    expect(await devEmails(db)).toHaveLength(0);
  });

  it("backs off exponentially and gives up after 8 attempts with the last error", async () => {
    const key = `refunded:${ORDER}:rf_1`;
    await enqueue(db, key, message(ORDER, { kind: "refunded", data: { amount: 60000 } }));
    let now = new Date(Date.now() + 1000);
    const waits: number[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await processOutbox(db, { transport: resend(), now })).toEqual({ processed: 0, failed: 1 });
      const row = await outboxRow(db, key);
      expect(row.attempts).toBe(attempt);
      if (attempt < MAX_ATTEMPTS) {
        expect(row.status).toBe("pending");
        waits.push((row.next_attempt_at.getTime() - now.getTime()) / MINUTE);
        now = row.next_attempt_at;
      } else {
        expect(row.status).toBe("failed");
        expect(row.last_error).toMatch(/Resend 500/);
      }
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60]);
    expect(fake.requests).toHaveLength(MAX_ATTEMPTS);
    expect(new Set(fake.requests.map((r) => r.headers["idempotency-key"]))).toEqual(new Set([key]));
    await processOutbox(db, { transport: resend(), now: new Date(now.getTime() + 24 * 60 * MINUTE) });
    expect(fake.requests).toHaveLength(MAX_ATTEMPTS);
  });

  it("gives up at once on what a retry cannot fix: a rejected request, an unknown order", async () => {
    fake.status = 422;
    await enqueue(db, "bad-address", message(ORDER, { to: "not-an-address" }));
    await enqueue(db, "no-order", message("SF-0000-000000"));
    expect(await processOutbox(db, { transport: resend() })).toEqual({ processed: 0, failed: 2 });
    expect(await outboxRow(db, "bad-address")).toMatchObject({ status: "failed", attempts: 1 });
    expect((await outboxRow(db, "bad-address")).last_error).toContain("validation_error");
    expect(await outboxRow(db, "no-order")).toMatchObject({ status: "failed", attempts: 1 });
    expect((await outboxRow(db, "no-order")).last_error).toContain("not found");
    expect(fake.requests).toHaveLength(1);
  });

  it("takes a row over only when the drain that claimed it has died (its lease ran out)", async () => {
    await enqueue(db, "leased", message(ORDER));
    const now = new Date(Date.now() + 1000);
    // A drain claimed it and died before sending: attempts counted, next_attempt_at = the lease's end.
    await db.execute(
      sql`update outbox set attempts = 1, next_attempt_at = ${new Date(
        now.getTime() + 10 * MINUTE,
      ).toISOString()}::timestamptz where event_key = 'leased'`,
    );
    expect(await processOutbox(db, { transport: mailbox, now })).toEqual({ processed: 0, failed: 0 });
    const after = new Date(now.getTime() + 10 * MINUTE);
    expect(await processOutbox(db, { transport: mailbox, now: after })).toEqual({ processed: 1, failed: 0 });
    expect(await outboxRow(db, "leased")).toMatchObject({ status: "sent", attempts: 2 });
    expect(await devEmails(db)).toHaveLength(1);
  });
});

describe("GET/POST /api/cron/process-outbox", () => {
  it("answers 401 without the scheduler's secret and drains the outbox with it", async () => {
    const { GET, POST } = await import("@/app/api/cron/process-outbox/route");
    const call = (handler: typeof GET, authorization?: string) =>
      handler(
        new NextRequest("http://localhost/api/cron/process-outbox", {
          method: handler === GET ? "GET" : "POST",
          headers: authorization ? { authorization } : {},
        }),
        { params: Promise.resolve({}) },
      );
    await enqueue(db, "cron:1", message(ORDER, { kind: "order_received" }));
    await enqueue(db, "cron:2", message(ORDER, { kind: "payment_failed", locale: "en" }));

    for (const auth of [undefined, "Bearer wrong-secret-0123456789", CRON_SECRET]) {
      const response = await call(GET, auth);
      expect(response.status).toBe(401);
      expect((await response.json()).error.code).toBe("UNAUTHORIZED");
    }
    expect(await devEmails(db)).toHaveLength(0);

    const response = await call(POST, `Bearer ${CRON_SECRET}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ processed: 2, failed: 0 });
    const emails = await devEmails(db);
    expect(emails.map((e) => e.event_key).sort()).toEqual(["cron:1", "cron:2"]);
    expect(emails.find((e) => e.event_key === "cron:2")?.html).toContain(`/orders/${ORDER}`);

    const again = await call(GET, `Bearer ${CRON_SECRET}`);
    expect(await again.json()).toEqual({ processed: 0, failed: 0 });
  });
});
