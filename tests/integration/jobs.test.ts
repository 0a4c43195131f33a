// The job queue itself (lib/jobs): the migration that carried the outbox over, the crontab of recurring
// work, and the recurring jobs run through the queue, against real PostgreSQL.
import { randomBytes } from "node:crypto";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";
import { createDb } from "@/db/client";
import { ensureDatabase } from "@/db/embedded";
import { MIGRATIONS_FOLDER, runMigrations } from "@/db/migrate";
import { registerSchema } from "@/lib/accounts/schemas";
import { registerUser } from "@/lib/accounts/users";
import { passwordGrant, refreshGrant } from "@/lib/app-tokens/service";
import { databaseUrl, getDb } from "@/lib/db";
import { queueDueRecurring } from "@/lib/jobs/schedule";
import { CRONTAB, taskList } from "@/lib/jobs/tasks";
import { drainJobs, startWorker } from "@/lib/jobs/worker";
import { EMAIL_MAX_ATTEMPTS } from "@/lib/notifications/emails";
import { mailboxTransport } from "@/lib/notifications/transport";
import { POPULAR_MIN_COUNT, recordSearch } from "@/lib/search/popular";
import { validate } from "@/lib/validation";
import { cartWith, oneSku, q, stockOf } from "./checkout-support";

const db = getDb();
const drain = () =>
  drainJobs({ connectionString: databaseUrl(), tasks: { email: { transport: mailboxTransport() } } });

/** The migrations folder as it was before 0010 (the job queue): its files and a journal that ends there. */
async function migrationsBeforeJobs(): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), "store-migrations-"));
  await cp(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(await readFile(journalPath, "utf8"));
  journal.entries = journal.entries.filter((entry: { tag: string }) => entry.tag < "0010");
  await writeFile(journalPath, JSON.stringify(journal));
  return folder;
}

describe("migration 0010: the outbox carried over to the job queue", () => {
  it("turns pending emails into due jobs, keeps given-up ones given up and every event key known", async () => {
    const serverUrl = inject("pgServerUrl");
    const name = `store_migrate_${randomBytes(4).toString("hex")}`;
    const url = await ensureDatabase(serverUrl, name);
    const folder = await migrationsBeforeJobs();
    const { client, db: fresh } = createDb(url, { max: 1 });
    try {
      await runMigrations(url, folder);
      const payload = (orderNo: string) =>
        JSON.stringify({ kind: "order_received", to: "ayse@example.com", locale: "tr", orderNo });
      await fresh.execute(sql`insert into outbox (event_key, topic, payload, status, attempts, next_attempt_at,
          last_error, sent_at) values
        ('order_received:SF-1', 'email', ${payload("SF-1")}::jsonb, 'pending', 0, '2026-03-15T09:00:00Z', null, null),
        ('order_received:SF-2', 'email', ${payload("SF-2")}::jsonb, 'pending', 3, '2026-03-15T10:00:00Z',
          'TransportError: 503', null),
        ('order_received:SF-3', 'email', ${payload("SF-3")}::jsonb, 'sent', 1, '2026-03-15T08:00:00Z', null,
          '2026-03-15T08:00:01Z'),
        ('order_received:SF-4', 'email', ${payload("SF-4")}::jsonb, 'failed', 8, '2026-03-15T08:00:00Z',
          'Resend 500 internal_server_error', null)`);

      await runMigrations(url);

      const events = await q<{ event_key: string; task: string; done: boolean }>(
        fresh,
        sql`select event_key, task, done_at is not null as done from job_events order by event_key`,
      );
      expect(events).toEqual([
        { event_key: "order_received:SF-1", task: "send_email", done: false },
        { event_key: "order_received:SF-2", task: "send_email", done: false },
        { event_key: "order_received:SF-3", task: "send_email", done: true },
        { event_key: "order_received:SF-4", task: "send_email", done: false },
      ]);
      const jobs = await q<{
        key: string;
        task_identifier: string;
        run_at: Date;
        attempts: number;
        max_attempts: number;
        last_error: string | null;
        payload: unknown;
      }>(
        fresh,
        sql`select j.key, j.task_identifier, j.run_at, j.attempts, j.max_attempts, j.last_error, p.payload
          from graphile_worker.jobs j join graphile_worker._private_jobs p using (id) order by j.key`,
      );
      expect(jobs.map((job) => job.key)).toEqual([
        "order_received:SF-1",
        "order_received:SF-2",
        "order_received:SF-4",
      ]);
      const [first, second, givenUp] = jobs;
      expect(first).toMatchObject({
        task_identifier: "send_email",
        attempts: 0,
        max_attempts: EMAIL_MAX_ATTEMPTS,
      });
      expect(new Date(first?.run_at ?? 0).toISOString()).toBe("2026-03-15T09:00:00.000Z");
      expect(first?.payload).toEqual({
        eventKey: "order_received:SF-1",
        message: JSON.parse(payload("SF-1")),
      });
      expect(new Date(second?.run_at ?? 0).toISOString()).toBe("2026-03-15T10:00:00.000Z");
      expect(givenUp).toMatchObject({
        attempts: EMAIL_MAX_ATTEMPTS,
        max_attempts: EMAIL_MAX_ATTEMPTS,
        last_error: "Resend 500 internal_server_error",
      });
      const [outbox] = await q<{ gone: boolean }>(fresh, sql`select to_regclass('outbox') is null as gone`);
      expect(outbox?.gone).toBe(true);
    } finally {
      await client.end();
      await rm(folder, { recursive: true, force: true });
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });
});

describe("recurring work", () => {
  it("the crontab names only tasks a worker runs, and a starting worker registers each of its items", async () => {
    const tasks = taskList();
    for (const item of CRONTAB) expect(Object.keys(tasks)).toContain(item.task);
    const runner = await startWorker({ connectionString: databaseUrl(), concurrency: 1 });
    try {
      let known: string[] = [];
      for (let i = 0; i < 50 && known.length < CRONTAB.length; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        known = (
          await q<{ identifier: string }>(
            db,
            sql`select identifier from graphile_worker._private_known_crontabs order by identifier`,
          )
        ).map((row) => row.identifier);
      }
      expect(known).toEqual([
        "cleanup_reservations",
        "privacy_retention",
        "prune_records",
        "retry_refunds",
        "track_shipments",
      ]);
    } finally {
      await runner.stop();
    }
  });

  it("cleanup_reservations, run from the queue, gives an overdue hold back", async () => {
    const item = await oneSku(db, "JOBHOLD", 5);
    const cartId = await cartWith(db, [[item.sku, 2]]);
    expect(await stockOf(db, item.id)).toEqual({ onHand: 5, reserved: 2 });
    await db.execute(sql`update reservations set expires_at = now() - interval '1 minute'
      where cart_id = ${cartId}`);
    await db.execute(sql`select graphile_worker.add_job('cleanup_reservations')`);
    expect(await drain()).toEqual({ ran: 1, failed: 0 });
    expect(await stockOf(db, item.id)).toEqual({ onHand: 5, reserved: 0 });
  });
});

describe("prune_records: what has served its time is deleted, nothing else", () => {
  it("deletes idempotency keys past their week, finished app sign-ins and searches that never became popular", async () => {
    const tag = randomBytes(4).toString("hex");
    // Idempotency keys: a week and a day old (gone), six days old (kept), an old claim still held (kept).
    await db.execute(sql`insert into idempotency_keys (scope, key, request_hash, status, locked_until, created_at)
      values (${`prune-${tag}`}, 'old', 'h', 'completed', now() - interval '8 days', now() - interval '8 days'),
        (${`prune-${tag}`}, 'recent', 'h', 'completed', now() - interval '6 days', now() - interval '6 days'),
        (${`prune-${tag}`}, 'held', 'h', 'in_progress', now() + interval '1 minute', now() - interval '8 days')`);
    // App sign-ins: revoked 31 days ago, last token expired 31 days ago (both gone), live (kept).
    const email = `prune-${tag}@example.com`;
    const password = "budama-parolası-9";
    const ip = `10.${[...randomBytes(3)].join(".")}`;
    await registerUser(db, validate(registerSchema, { email, password, name: "Deniz Ak" }, "tr"), { ip });
    const grant = () => passwordGrant(db, { email, password, ip });
    const [revoked, expired, live] = [await grant(), await grant(), await grant()];
    // The family an access token belongs to is its documented `fid` claim.
    const familyOf = (pair: { access_token: string }) =>
      JSON.parse(Buffer.from(pair.access_token.split(".")[1] ?? "", "base64url").toString()).fid as string;
    const families = [familyOf(revoked), familyOf(expired), familyOf(live)];
    await db.execute(
      sql`update app_token_families set revoked_at = now() - interval '31 days' where id = ${families[0]}`,
    );
    await db.execute(
      sql`update app_refresh_tokens set expires_at = now() - interval '31 days' where family_id = ${families[1]}`,
    );
    // Searches: unpopular and 91 days old (gone), popular and as old (kept), unpopular but recent (kept).
    const [old, popular, recent] = [`eski ${tag}`, `sevilen ${tag}`, `yeni ${tag}`];
    await recordSearch(db, old);
    for (let i = 0; i < POPULAR_MIN_COUNT; i++) await recordSearch(db, popular);
    await recordSearch(db, recent);
    await db.execute(sql`update search_queries set last_searched_on = current_date - 91
      where text in (${old}, ${popular})`);

    await db.execute(sql`select graphile_worker.add_job('prune_records')`);
    expect(await drain()).toEqual({ ran: 1, failed: 0 });

    const keys = await q<{ key: string }>(
      db,
      sql`select key from idempotency_keys where scope = ${`prune-${tag}`} order by key`,
    );
    expect(keys.map((row) => row.key)).toEqual(["held", "recent"]);
    const left = await q<{ id: string }>(
      db,
      sql`select id from app_token_families where user_id = (select id from users where email = ${email})`,
    );
    expect(left.map((row) => row.id)).toEqual([families[2]]);
    await expect(refreshGrant(db, revoked.refresh_token)).rejects.toMatchObject({ code: "INVALID_TOKEN" });
    expect((await refreshGrant(db, live.refresh_token)).token_type).toBe("Bearer");
    const kept = await q<{ text: string }>(
      db,
      sql`select text from search_queries where text in (${old}, ${popular}, ${recent}) order by text`,
    );
    expect(kept.map((row) => row.text)).toEqual([popular, recent].sort());
  });
});

describe("the crontab on serverless hosts: the drain route queues the recurring jobs due since its last call", () => {
  const at = (time: string) => new Date(`2026-03-02T${time}Z`);
  const waiting = async () =>
    (
      await q<{ task: string; jobs: number }>(
        db,
        sql`select task_identifier as task, count(*)::int as jobs from graphile_worker.jobs
          where key like 'cron:%' group by task_identifier order by task_identifier`,
      )
    ).map((row) => `${row.task}×${row.jobs}`);

  it("queues each tick once, with the crontab's job keys, also when calls overlap", async () => {
    // The first call only starts counting.
    expect(await queueDueRecurring(db, at("03:29:30"))).toEqual([]);
    // 03:30 is a tick of every job but prune_records (03:45).
    expect(await queueDueRecurring(db, at("03:31:10"))).toEqual([
      "cleanup_reservations",
      "retry_refunds",
      "track_shipments",
      "privacy_retention",
    ]);
    expect(await queueDueRecurring(db, at("03:31:50"))).toEqual([]);
    // Five calls at once after 03:45: each due job queued by one of them, and a job still waiting from
    // 03:30 is not doubled (its key).
    const overlapping = await Promise.all(
      Array.from({ length: 5 }, () => queueDueRecurring(db, at("03:46:05"))),
    );
    expect(overlapping.flat().sort()).toEqual([
      "cleanup_reservations",
      "prune_records",
      "retry_refunds",
      "track_shipments",
    ]);
    // A server whose clock is behind neither queues a tick again nor sets the count back.
    expect(await queueDueRecurring(db, at("03:40:00"))).toEqual([]);
    expect(await queueDueRecurring(db, at("03:46:40"))).toEqual([]);
    expect(await waiting()).toEqual([
      "cleanup_reservations×1",
      "privacy_retention×1",
      "prune_records×1",
      "retry_refunds×1",
      "track_shipments×1",
    ]);
    expect(await drain()).toEqual({ ran: 5, failed: 0 });
    // A day without calls: the next call queues each job once, not once per missed tick.
    expect((await queueDueRecurring(db, new Date("2026-03-03T03:50:00Z"))).length).toBe(5);
    expect(await waiting()).toHaveLength(5);
    expect(await drain()).toEqual({ ran: 5, failed: 0 });
  });
});
