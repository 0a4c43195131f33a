import "server-only";
import { EventEmitter } from "node:events";
import { Logger, parseCronItems, run, runOnce, type WorkerEvents } from "graphile-worker";
import { Pool } from "pg";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { crontab, type TaskOptions, taskList } from "./tasks";

/**
 * graphile-worker's messages into the store's log, without the metadata it attaches: that holds the
 * job's payload, where an email's address is. Its per-job "completed" lines are debug here.
 */
const logger = new Logger(() => (level, message) => {
  if (level === "error") log.error(message);
  else if (level === "warning") log.warn(message);
  else log.debug(message);
});

export interface WorkerOptions {
  /** The store's database (DATABASE_URL); the queue's tables are in its `graphile_worker` schema. */
  connectionString: string;
  /** Jobs run at once by this worker (JOBS_CONCURRENCY, default 5). */
  concurrency?: number;
  tasks?: TaskOptions;
}

/**
 * The queue's own connections (graphile-worker speaks node-postgres), one per job at once plus its
 * LISTEN and crontab. The pool's error handler outlives graphile-worker's: a connection dropped after
 * the worker stopped (the embedded database stopping on the same Ctrl-C) is logged, never fatal.
 */
function runnerOptions({ connectionString, concurrency, tasks }: WorkerOptions) {
  const jobsAtOnce = concurrency ?? env().JOBS_CONCURRENCY;
  const pgPool = new Pool({ connectionString, max: jobsAtOnce + 2 });
  pgPool.on("error", (error) => log.warn(`Job queue: a database connection was lost (${error.message})`));
  return {
    pgPool,
    concurrency: jobsAtOnce,
    // The process that starts a worker decides when it stops (scripts/run.ts, scripts/worker.ts).
    noHandleSignals: true,
    logger,
    taskList: taskList(tasks),
  };
}

export interface Worker {
  /** Settles when the worker stops; rejects if it stopped on an error. */
  promise: Promise<void>;
  /** Lets the jobs in hand finish, then closes the worker's connections. */
  stop(): Promise<void>;
}

/**
 * A long-running worker: picks jobs up as their transactions commit (LISTEN/NOTIFY), runs due retries,
 * and schedules the crontab's recurring jobs.
 */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const worker = runnerOptions(options);
  const runner = await run({ ...worker, parsedCronItems: parseCronItems(crontab()) });
  return {
    promise: runner.promise,
    async stop() {
      await runner.stop();
      await worker.pgPool.end();
    },
  };
}

/**
 * Runs every job due now until none is left, then returns (GET/POST /api/cron/jobs on serverless hosts,
 * where no worker stays up). `ran` counts jobs completed, `failed` attempts that failed: those are
 * retried later with backoff (or have given up), so they do not come back in this run.
 */
export async function drainJobs(options: WorkerOptions): Promise<{ ran: number; failed: number }> {
  const counts = { ran: 0, failed: 0 };
  const events: WorkerEvents = new EventEmitter();
  events.on("job:success", () => counts.ran++);
  events.on("job:error", () => counts.failed++);
  const drainOptions = runnerOptions(options);
  try {
    await runOnce({ ...drainOptions, events });
  } finally {
    await drainOptions.pgPool.end();
  }
  return counts;
}
