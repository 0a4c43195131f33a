import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type SQL, sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { databaseUrl, getDb } from "@/lib/db";
import { jobListQuerySchema, listJobs, retryJob } from "@/lib/jobs/staff";
import { drainJobs } from "@/lib/jobs/worker";
import { EMAIL_MAX_ATTEMPTS, type EmailMessage, enqueueEmail } from "@/lib/notifications/emails";
import { type EmailTransport, mailboxTransport, transportFor } from "@/lib/notifications/transport";

// The route test below reads CRON_SECRET through lib/env, which parses process.env once, on first use
// (nothing in this file's imports uses it). No test here may reach the real Resend.
const CRON_SECRET = `cron-${randomBytes(12).toString("hex")}`;
process.env.CRON_SECRET = CRON_SECRET;
delete process.env.RESEND_API_KEY;

const mailbox = mailboxTransport();

async function q<T>(db: Database, query: SQL): Promise<T[]> {
  return (await db.execute(query)) as unknown as T[];
}

interface JobRow {
  id: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  /** Seconds from now until the job is due. */
  wait: number;
}

/** The email's job, or undefined once it completed (graphile-worker deletes completed jobs). */
async function jobOf(db: Database, eventKey: string): Promise<JobRow | undefined> {
  const [row] = await q<JobRow>(
    db,
    sql`select id::text as id, attempts, max_attempts, last_error,
        extract(epoch from run_at - now())::float8 as wait
      from graphile_worker.jobs where key = ${eventKey}`,
  );
  return row;
}

/** Moves a job's retry forward to now instead of waiting out its backoff. */
async function makeDue(db: Database, eventKey: string) {
  await db.execute(sql`select graphile_worker.reschedule_jobs(
    array(select id from graphile_worker.jobs where key = ${eventKey}), run_at := now())`);
}

/** One worker's run over everything due, delivering through `transport`. */
function drain(transport: EmailTransport, concurrency = 1) {
  return drainJobs({ connectionString: databaseUrl(), concurrency, tasks: { email: { transport } } });
}

async function sentAt(db: Database, eventKey: string) {
  const [row] = await q<{ done_at: Date | null }>(
    db,
    sql`select done_at from job_events where event_key = ${eventKey}`,
  );
  return row?.done_at;
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
  await db.execute(sql`delete from graphile_worker._private_jobs`);
  await db.execute(sql`delete from job_events`);
  await db.execute(sql`delete from dev_emails`);
  fake.requests.length = 0;
  fake.status = 500;
});

/** What production uses when RESEND_API_KEY is set, pointed at the fake by RESEND_BASE_URL. */
function resend() {
  return transportFor({ NODE_ENV: "test", RESEND_API_KEY: "re_test_key" });
}

/** e^n seconds: graphile-worker's wait after the n-th failed attempt (n at most 10). */
const backoff = (n: number) => Math.exp(Math.min(n, 10));

describe("order emails through the job queue", () => {
  it("stores one job per event and delivers it once, with the order's number and Turkish total", async () => {
    const key = `payment_confirmed:${ORDER}`;
    await enqueue(db, key, message(ORDER));
    await enqueue(db, key, message(ORDER, { kind: "order_received" }));
    const [{ count } = { count: -1 }] = await q<{ count: number }>(
      db,
      sql`select count(*)::int as count from graphile_worker.jobs where key = ${key}`,
    );
    expect(count).toBe(1);
    expect(await jobOf(db, key)).toMatchObject({ attempts: 0, max_attempts: EMAIL_MAX_ATTEMPTS });

    expect(await drain(mailbox)).toEqual({ ran: 1, failed: 0 });
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
    expect(await jobOf(db, key)).toBeUndefined();
    expect(await sentAt(db, key)).not.toBeNull();

    // Nothing is sent twice: not by a second drain, not by the same event enqueued again once its job
    // is gone (graphile-worker has forgotten the job key by then; job_events has not).
    expect(await drain(mailbox)).toEqual({ ran: 0, failed: 0 });
    await enqueue(db, key, message(ORDER));
    expect(await jobOf(db, key)).toBeUndefined();
    expect(await drain(mailbox)).toEqual({ ran: 0, failed: 0 });
    expect(await devEmails(db)).toHaveLength(1);
  });

  it("a rolled-back transaction leaves no job and no event; the same event may then be queued", async () => {
    const key = `order_received:${ORDER}`;
    await expect(
      db.transaction(async (tx) => {
        await enqueueEmail(tx, key, message(ORDER, { kind: "order_received" }));
        throw new Error("the order failed after its email was queued");
      }),
    ).rejects.toThrow("the order failed");
    expect(await jobOf(db, key)).toBeUndefined();
    expect(await sentAt(db, key)).toBeUndefined();
    expect(await drain(mailbox)).toEqual({ ran: 0, failed: 0 });

    await enqueue(db, key, message(ORDER, { kind: "order_received" }));
    expect(await drain(mailbox)).toEqual({ ran: 1, failed: 0 });
    expect((await devEmails(db)).map((e) => e.event_key)).toEqual([key]);
  });

  it("four workers at once deliver 30 due emails exactly once each", async () => {
    const kinds = ["order_received", "payment_confirmed", "payment_failed"] as const;
    for (let i = 0; i < 30; i++) {
      await enqueue(db, `bulk:${i}`, message(ORDER, { kind: kinds[i % 3], locale: i % 2 ? "en" : "tr" }));
    }
    const runs = await Promise.all([1, 2, 3, 4].map(() => drain(mailbox, 3)));
    expect(runs.reduce((sum, run) => sum + run.ran, 0)).toBe(30);
    expect(runs.every((run) => run.failed === 0)).toBe(true);
    const emails = await devEmails(db);
    expect(emails).toHaveLength(30);
    expect(new Set(emails.map((e) => e.event_key)).size).toBe(30);
    const [left] = await q<{ count: number }>(
      db,
      sql`select count(*)::int as count from graphile_worker.jobs`,
    );
    expect(left?.count).toBe(0);
  });

  it("five workers at once send each of 30 emails through Resend exactly once", async () => {
    // Resend is called before the event is marked sent, so here only the queue's locking keeps workers apart.
    fake.status = 200;
    for (let i = 0; i < 30; i++) await enqueue(db, `race:${i}`, message(ORDER));
    const runs = await Promise.all([1, 2, 3, 4, 5].map(() => drain(resend(), 2)));
    expect(runs.reduce((sum, run) => sum + run.ran, 0)).toBe(30);
    const keys = fake.requests.map((r) => String(r.headers["idempotency-key"]));
    expect(keys).toHaveLength(30);
    expect(new Set(keys).size).toBe(30);
    const [unsent] = await q<{ count: number }>(
      db,
      sql`select count(*)::int as count from job_events where done_at is null`,
    );
    expect(unsent?.count).toBe(0);
  });

  it("retries a Resend failure after its backoff with the same idempotency key, then sends it", async () => {
    const key = `shipped:${ORDER}`;
    await enqueue(
      db,
      key,
      message(ORDER, { kind: "shipped", locale: "en", data: { carrier: "Aras Kargo", trackingNo: "AR123" } }),
    );

    fake.status = 500;
    expect(await drain(resend())).toEqual({ ran: 0, failed: 1 });
    const job = await jobOf(db, key);
    expect(job).toMatchObject({ attempts: 1 });
    expect(job?.wait).toBeGreaterThan(backoff(1) - 1);
    expect(job?.wait).toBeLessThanOrEqual(backoff(1));
    expect(job?.last_error).toContain("500");
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
    expect(await drain(resend())).toEqual({ ran: 0, failed: 0 });
    expect(fake.requests).toHaveLength(1);

    fake.status = 200;
    fake.requests.length = 0;
    await makeDue(db, key);
    expect(await drain(resend())).toEqual({ ran: 1, failed: 0 });
    expect(await jobOf(db, key)).toBeUndefined();
    expect(await sentAt(db, key)).not.toBeNull();
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.headers["idempotency-key"]).toBe(key);

    expect(await drain(resend())).toEqual({ ran: 0, failed: 0 });
    expect(fake.requests).toHaveLength(1);
    expect(await devEmails(db)).toHaveLength(0);
  });

  it("backs off exponentially, gives up after 10 attempts, shows in the staff list and is sent once when staff retry", async () => {
    const key = `refunded:${ORDER}:rf_1`;
    await enqueue(db, key, message(ORDER, { kind: "refunded", data: { amount: 60000 } }));
    for (let attempt = 1; attempt <= EMAIL_MAX_ATTEMPTS; attempt++) {
      await makeDue(db, key);
      expect(await drain(resend())).toEqual({ ran: 0, failed: 1 });
      const job = await jobOf(db, key);
      expect(job?.attempts).toBe(attempt);
      expect(job?.wait).toBeGreaterThan(backoff(attempt) - 1);
      expect(job?.wait).toBeLessThanOrEqual(backoff(attempt));
    }
    // Given up: due or not, no worker takes it again.
    await makeDue(db, key);
    expect(await drain(resend())).toEqual({ ran: 0, failed: 0 });
    expect(fake.requests).toHaveLength(EMAIL_MAX_ATTEMPTS);
    expect(new Set(fake.requests.map((r) => r.headers["idempotency-key"]))).toEqual(new Set([key]));

    const failed = await listJobs(db, jobListQuerySchema.parse({ state: "failed" }));
    expect(failed.items).toEqual([
      expect.objectContaining({
        task: "send_email",
        key,
        state: "failed",
        attempts: EMAIL_MAX_ATTEMPTS,
        maxAttempts: EMAIL_MAX_ATTEMPTS,
        lastError: expect.stringMatching(/Resend 500/),
      }),
    ]);

    fake.status = 200;
    const retried = await retryJob(db, failed.items[0]?.id ?? 0);
    expect(retried).toMatchObject({ key, state: "waiting", attempts: 0 });
    expect(await drain(resend())).toEqual({ ran: 1, failed: 0 });
    expect(fake.requests).toHaveLength(EMAIL_MAX_ATTEMPTS + 1);
    expect(fake.requests.at(-1)?.headers["idempotency-key"]).toBe(key);
    expect(await jobOf(db, key)).toBeUndefined();
    expect(await retryJob(db, failed.items[0]?.id ?? 0)).toBeNull();
  });

  it("gives up at once on what a retry cannot fix: a rejected request, an unknown order", async () => {
    fake.status = 422;
    await enqueue(db, "bad-address", message(ORDER, { to: "not-an-address" }));
    await enqueue(db, "no-order", message("SF-0000-000000"));
    expect(await drain(resend())).toEqual({ ran: 0, failed: 2 });
    expect(await jobOf(db, "bad-address")).toMatchObject({ attempts: 1, max_attempts: 1 });
    expect((await jobOf(db, "bad-address"))?.last_error).toContain("validation_error");
    expect(await jobOf(db, "no-order")).toMatchObject({ attempts: 1, max_attempts: 1 });
    expect((await jobOf(db, "no-order"))?.last_error).toContain("not found");
    const states = (await listJobs(db, jobListQuerySchema.parse({}))).items.map((item) => item.state);
    expect(states).toEqual(["failed", "failed"]);
    expect(fake.requests).toHaveLength(1);
  });

  it("a job run again after its email went out (a crash before the queue heard of it) sends nothing", async () => {
    fake.status = 200;
    await enqueue(db, "crashed", message(ORDER));
    // The first run delivered and marked the event sent, then its worker died before completing the job.
    await db.execute(sql`update job_events set done_at = now() where event_key = 'crashed'`);
    expect(await drain(resend())).toEqual({ ran: 1, failed: 0 });
    expect(await drain(mailbox)).toEqual({ ran: 0, failed: 0 });
    expect(fake.requests).toHaveLength(0);
    expect(await devEmails(db)).toHaveLength(0);
    expect(await jobOf(db, "crashed")).toBeUndefined();
  });
});

describe("GET/POST /api/cron/jobs", () => {
  it("answers 401 without the scheduler's secret and drains the due jobs with it", async () => {
    const { GET, POST } = await import("@/app/api/cron/jobs/route");
    const call = (handler: typeof GET, authorization?: string) =>
      handler(
        new NextRequest("http://localhost/api/cron/jobs", {
          method: handler === GET ? "GET" : "POST",
          headers: authorization ? { authorization } : {},
        }),
        { params: Promise.resolve({}) },
      );
    await enqueue(db, "drain:1", message(ORDER, { kind: "order_received" }));
    await enqueue(db, "drain:2", message(ORDER, { kind: "payment_failed", locale: "en" }));

    for (const auth of [undefined, "Bearer wrong-secret-0123456789", CRON_SECRET]) {
      const response = await call(GET, auth);
      expect(response.status).toBe(401);
      expect((await response.json()).error.code).toBe("UNAUTHORIZED");
    }
    expect(await devEmails(db)).toHaveLength(0);

    const response = await call(POST, `Bearer ${CRON_SECRET}`);
    expect(response.status).toBe(200);
    // The first call starts counting the crontab's ticks (lib/jobs/schedule.ts): no recurring job yet.
    expect(await response.json()).toEqual({ ran: 2, failed: 0, recurring: [] });
    const emails = await devEmails(db);
    expect(emails.map((e) => e.event_key).sort()).toEqual(["drain:1", "drain:2"]);
    expect(emails.find((e) => e.event_key === "drain:2")?.html).toContain(`/orders/${ORDER}`);

    // Nothing left but the recurring jobs whose tick came in between, if a minute turned.
    const again = await (await call(GET, `Bearer ${CRON_SECRET}`)).json();
    expect(again).toEqual({ ran: again.recurring.length, failed: 0, recurring: expect.any(Array) });
  });
});
