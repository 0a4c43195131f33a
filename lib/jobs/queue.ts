import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";

/** The tasks a worker runs (lib/jobs/tasks.ts), by their graphile-worker identifier. */
export type TaskName =
  | "send_email"
  | "cleanup_reservations"
  | "retry_refunds"
  | "create_shipment"
  | "track_shipments"
  | "cancel_shipment";

export interface JobOptions {
  /** Attempts before the job gives up (graphile-worker's default is 25). */
  maxAttempts?: number;
}

/**
 * Adds a job to graphile-worker's queue inside the caller's transaction (`graphile_worker.add_job` is
 * plain SQL), so the job exists if and only if the change that causes it commits; its NOTIFY wakes a
 * worker at commit. `eventKey` names the cause ("payment_confirmed:SF-2026-001001"): the same event
 * enqueued twice adds one job, ever. graphile-worker's own job key cannot promise that (it is forgotten
 * once the job completes, and by default replaces a waiting job), so the key is kept in job_events and
 * the job is added only when the key is new. Returns whether a job was added.
 */
export async function enqueueJob(
  tx: Executor,
  task: TaskName,
  eventKey: string,
  payload: Record<string, unknown>,
  options: JobOptions = {},
): Promise<boolean> {
  const added = await tx.execute(sql`
    with event as (
      insert into job_events (event_key, task) values (${eventKey}, ${task})
      on conflict (event_key) do nothing
      returning event_key
    )
    select (graphile_worker.add_job(${task}, ${JSON.stringify(payload)}::json,
      max_attempts := ${options.maxAttempts ?? null}::int, job_key := event.event_key)).id
    from event`);
  return added.length === 1;
}
