import "server-only";
import { EventEmitter } from "node:events";
import { Logger, parseCronItems, type Runner, run, runOnce, type WorkerEvents } from "graphile-worker";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { CRONTAB, type TaskOptions, taskList } from "./tasks";

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

function runnerOptions({ connectionString, concurrency, tasks }: WorkerOptions) {
  return {
    connectionString,
    concurrency: concurrency ?? env().JOBS_CONCURRENCY,
    // The process that starts a worker decides when it stops (scripts/run.ts, scripts/worker.ts).
    noHandleSignals: true,
    logger,
    taskList: taskList(tasks),
  };
}

/**
 * A long-running worker: picks jobs up as their transactions commit (LISTEN/NOTIFY), runs due retries,
 * and schedules the crontab's recurring jobs. `stop()` lets running jobs finish.
 */
export function startWorker(options: WorkerOptions): Promise<Runner> {
  return run({ ...runnerOptions(options), parsedCronItems: parseCronItems(CRONTAB) });
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
  await runOnce({ ...runnerOptions(options), events });
  return counts;
}
