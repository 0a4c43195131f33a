import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { rows } from "@/db/client";
import { dropEmpty, iso, orderBy, type Page, pageQuery, sortQuery } from "@/lib/lists";
import { readPage } from "@/lib/paging";

/**
 * The staff view of the job queue (graphile-worker's `jobs` view): `failed` jobs gave up (attempts =
 * max_attempts) and wait for staff; `retrying` ones failed and run again after their backoff; `running`
 * ones are locked by a worker; `waiting` ones have not run yet. Completed jobs leave the queue.
 */
export const JOB_STATES = ["failed", "retrying", "running", "waiting"] as const;
export type JobState = (typeof JOB_STATES)[number];

export const jobListQuerySchema = z.preprocess(
  dropEmpty,
  z.object({
    state: z.enum(JOB_STATES).optional(),
    sort: sortQuery(["task", "attempts", "runAt", "createdAt"], "-createdAt"),
    page: pageQuery.page,
    limit: z.coerce.number().int().min(1).max(100).default(50),
  }),
);
export type JobListQuery = z.output<typeof jobListQuerySchema>;

/** A job's id, from a path or the staff page's form. */
export const jobIdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const jobRetrySchema = z.object({ id: jobIdSchema });

export interface JobEntry {
  id: number;
  task: string;
  /** The event that caused it (lib/jobs/queue.ts), or the crontab's key for a recurring job. */
  key: string | null;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lastError: string | null;
  createdAt: string;
}

interface JobRow {
  id: string;
  task_identifier: string;
  key: string | null;
  state: JobState;
  attempts: number;
  max_attempts: number;
  run_at: Date | string;
  last_error: string | null;
  created_at: Date | string;
}

const toEntry = (row: JobRow): JobEntry => ({
  id: Number(row.id),
  task: row.task_identifier,
  key: row.key,
  state: row.state,
  attempts: row.attempts,
  maxAttempts: row.max_attempts,
  runAt: iso(row.run_at) ?? "",
  lastError: row.last_error,
  createdAt: iso(row.created_at) ?? "",
});

const STATE = sql`case when attempts >= max_attempts then 'failed' when locked_at is not null then 'running'
  when attempts > 0 then 'retrying' else 'waiting' end`;
const COLUMNS = sql`id::text as id, task_identifier, key, ${STATE} as state, attempts, max_attempts, run_at,
  last_error, created_at`;
const SORT = {
  task: sql`task_identifier`,
  attempts: sql`attempts`,
  runAt: sql`run_at`,
  createdAt: sql`created_at`,
};

/** The queue's jobs, newest first unless sorted otherwise, optionally of one state. */
export async function listJobs(db: Database, query: JobListQuery): Promise<Page<JobEntry>> {
  const where = query.state ? sql`${STATE} = ${query.state}` : sql`true`;
  const found = await readPage<JobRow>(
    db,
    { page: query.page, limit: query.limit },
    {
      count: sql`from graphile_worker.jobs where ${where}`,
      select: sql`select ${COLUMNS} from graphile_worker.jobs where ${where}
        order by ${orderBy(query.sort, SORT, sql`id desc`)}`,
    },
  );
  return { ...found, items: found.items.map(toEntry) };
}

/**
 * "Retry": a job that gave up runs again now with a fresh series of attempts (and backoff). Any other
 * job is left alone — one waiting or retrying runs by itself, a running one must not run twice — and so
 * is one a worker holds (graphile-worker's reschedule_jobs skips locked jobs). Returns the job as it is
 * now, or null when nothing was retried.
 */
export async function retryJob(db: Database, id: number, now: Date = new Date()): Promise<JobEntry | null> {
  const retried = await rows<{ id: string }>(
    db,
    sql`select id::text as id from graphile_worker.reschedule_jobs(
      (select array_agg(id) from graphile_worker.jobs where id = ${id}::bigint and attempts >= max_attempts),
      run_at := ${now.toISOString()}::timestamptz, attempts := 0)`,
  );
  if (retried.length === 0) return null;
  const [row] = await rows<JobRow>(
    db,
    sql`select ${COLUMNS} from graphile_worker.jobs where id = ${id}::bigint`,
  );
  return row ? toEntry(row) : null;
}
