// The staff view of the job queue (lib/jobs/staff.ts: list, retry of a job that gave up) and its admin
// API (/api/admin/jobs), against real PostgreSQL.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { jobListQuerySchema, jobRetrySchema, listJobs, retryJob } from "@/lib/jobs/staff";
import { call, makeToken, makeUser } from "./admin-support";
import { q } from "./checkout-support";

const db = getDb();
const NOW = new Date("2026-03-15T09:00:00Z");

interface Row {
  attempts: number;
  max_attempts: number;
  run_at: Date;
  last_error: string | null;
}

/** A job as graphile-worker would hold it after `attempts` failed attempts (max 5). */
async function insert(key: string, attempts: number, runAt: string): Promise<number> {
  const [row] = await q<{ id: string }>(
    db,
    sql`select (graphile_worker.add_job('send_email', '{}'::json, run_at := ${runAt}::timestamptz,
      max_attempts := 5, job_key := ${key})).id::text as id`,
  );
  const id = Number(row?.id);
  if (attempts > 0)
    await db.execute(
      sql`select graphile_worker.reschedule_jobs(array[${id}::bigint], attempts := ${attempts})`,
    );
  if (attempts >= 5)
    await db.execute(
      sql`select graphile_worker.permanently_fail_jobs(array[${id}::bigint], 'TransportError: 503')`,
    );
  return id;
}

async function read(id: number): Promise<Row> {
  const [row] = await q<Row>(
    db,
    sql`select attempts, max_attempts, run_at, last_error from graphile_worker.jobs where id = ${id}::bigint`,
  );
  if (!row) throw new Error("job missing");
  return row;
}

let failed: number;
let retrying: number;
let waiting: number;

beforeAll(async () => {
  await db.execute(sql`delete from graphile_worker._private_jobs`);
  failed = await insert("test:failed", 5, "2026-03-14T09:00:00Z");
  retrying = await insert("test:retrying", 3, "2026-03-15T10:00:00Z");
  waiting = await insert("test:waiting", 0, "2026-03-15T08:00:00Z");
});

describe("jobs that gave up, retried by staff", () => {
  it("runs a job that gave up again now, with a fresh series of attempts and its last error kept", async () => {
    const entry = await retryJob(db, failed, NOW);
    expect(entry).toMatchObject({ id: failed, state: "waiting", attempts: 0, maxAttempts: 5 });
    const row = await read(failed);
    expect(row.attempts).toBe(0);
    expect(new Date(row.run_at).toISOString()).toBe(NOW.toISOString());
    expect(row.last_error).toBe("TransportError: 503");
  });

  it("leaves a job that has not given up alone: it runs by itself, and must not run twice", async () => {
    for (const id of [retrying, waiting]) {
      const before = await read(id);
      expect(await retryJob(db, id, NOW)).toBeNull();
      expect(await read(id)).toEqual(before);
    }
    expect(await retryJob(db, 999_999_999, NOW)).toBeNull();
  });

  it("validates the posted id", () => {
    expect(jobRetrySchema.safeParse({ id: "12" })).toMatchObject({ success: true, data: { id: 12 } });
    for (const id of ["", "abc", "-1", "0", "1.5", null])
      expect(jobRetrySchema.safeParse({ id }).success).toBe(false);
  });
});

describe("the job list", () => {
  it("lists by state, newest first, 50 a page, with the total", async () => {
    await db.execute(sql`select graphile_worker.permanently_fail_jobs(array[${failed}::bigint], 'again')`);
    const list = (query: Record<string, string>) => listJobs(db, jobListQuerySchema.parse(query));
    const all = await list({});
    expect(all.total).toBe(3);
    expect(all.limit).toBe(50);
    expect(all.items.map((item) => item.id)).toEqual([waiting, retrying, failed]);
    expect((await list({ state: "failed" })).items).toEqual([
      expect.objectContaining({ id: failed, key: "test:failed", task: "send_email", lastError: "again" }),
    ]);
    expect((await list({ state: "retrying" })).items.map((item) => item.id)).toEqual([retrying]);
    expect((await list({ state: "waiting" })).items.map((item) => item.id)).toEqual([waiting]);
    expect((await list({ state: "running" })).total).toBe(0);
    expect((await list({ page: "2" })).items).toEqual([]);
  });

  it("sorts by a column either way and refuses columns it does not know", async () => {
    const ids = async (sort: string) =>
      (await listJobs(db, jobListQuerySchema.parse({ sort }))).items.map((item) => item.id);
    expect(await ids("attempts")).toEqual([waiting, retrying, failed]);
    expect(await ids("-attempts")).toEqual([failed, retrying, waiting]);
    expect(await ids("runAt")).toEqual([waiting, failed, retrying]);
    expect(jobListQuerySchema.safeParse({ sort: "last_error; drop table jobs" }).success).toBe(false);
  });
});

describe("/api/admin/jobs", () => {
  it("lists and retries for staff and tokens only", async () => {
    const { GET } = await import("@/app/api/admin/jobs/route");
    const { POST } = await import("@/app/api/admin/jobs/[id]/retry/route");
    const customer = await makeUser(db, "customer");
    const token = await makeToken(db);
    expect((await call(GET, "/api/admin/jobs")).status).toBe(401);
    expect((await call(GET, "/api/admin/jobs", { as: customer })).status).toBe(403);
    const retryPath = `/api/admin/jobs/${failed}/retry`;
    expect((await call(POST, retryPath, { method: "POST", params: { id: String(failed) } })).status).toBe(
      401,
    );

    const list = await call(GET, "/api/admin/jobs?state=failed", { as: token });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 1, items: [{ id: failed, state: "failed", attempts: 5 }] });
    expect((await call(GET, "/api/admin/jobs?state=gone", { as: token })).status).toBe(400);

    const retried = await call(POST, retryPath, {
      method: "POST",
      params: { id: String(failed) },
      as: token,
    });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ job: { id: failed, state: "waiting", attempts: 0 } });
    for (const id of [String(failed), String(waiting), "abc"]) {
      const again = await call(POST, `/api/admin/jobs/${id}/retry`, {
        method: "POST",
        params: { id },
        as: token,
      });
      expect(again.status).toBe(404);
    }
  });
});
