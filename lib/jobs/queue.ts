import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";

/** The tasks a worker runs (lib/jobs/tasks.ts), by their graphile-worker identifier. */
export type TaskName =
  | "send_email"
  | "send_stock_alert"
  | "send_sms"
  | "send_push"
  | "check_push_receipts"
  | "cleanup_reservations"
  | "retry_refunds"
  | "create_shipment"
  | "track_shipments"
  | "cancel_shipment"
  | "submit_earsiv"
  | "privacy_retention"
  | "prune_records"
  | "deliver_webhook"
  | "send_webhook_disabled";

export interface JobOptions {
  /** Attempts before the job gives up (graphile-worker's default is 25). */
  maxAttempts?: number;
  /** When the job becomes due; now by default. */
  runAt?: Date;
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
      max_attempts := ${options.maxAttempts ?? null}::int, job_key := event.event_key,
      run_at := ${options.runAt?.toISOString() ?? null}::timestamptz)).id
    from event`);
  return added.length === 1;
}

/** Whether the event's effect already happened (an earlier run of its job got that far). */
export async function eventDone(db: Executor, eventKey: string): Promise<boolean> {
  const [event] = await db.execute(sql`select done_at from job_events where event_key = ${eventKey}`);
  return Boolean(event?.done_at);
}

/** Marks the event's effect done; false when an earlier run of the job already did. */
export async function markEventDone(db: Executor, eventKey: string): Promise<boolean> {
  const updated = await db.execute(sql`update job_events set done_at = now()
    where event_key = ${eventKey} and done_at is null returning event_key`);
  return updated.length === 1;
}
