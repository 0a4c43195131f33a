import "server-only";
import type { CronItem, JobHelpers, Task } from "graphile-worker";
import { getDb } from "@/lib/db";
import { type Env, env } from "@/lib/env";
import { EarsivRejected, submitToEarsiv } from "@/lib/invoices/earsiv";
import { checkPushReceiptsJob, type SendPushOptions, sendPushJob } from "@/lib/notifications/push/sender";
import { isPermanentFailure, type SendEmailOptions, sendEmailJob } from "@/lib/notifications/sender";
import { type SendSmsOptions, sendSmsJob } from "@/lib/notifications/sms/sender";
import { retryUnsentRefunds } from "@/lib/orders/refunds";
import { expireOldOrders } from "@/lib/privacy/retention";
import {
  type CarrierOptions,
  cancelAtCarrier,
  createAtCarrier,
  isPermanentCarrierFailure,
  pollTracking,
} from "@/lib/shipments/service";
import { sendStockAlertJob } from "@/lib/stock-alerts/email";
import { deliverWebhookJob } from "@/lib/webhooks/deliver";
import { sendWebhookDisabledJob } from "@/lib/webhooks/email";
import type { TaskName } from "./queue";
import { pruneRecords, releaseExpired } from "./recurring";

export interface TaskOptions {
  /** Where `send_email` delivers (tests pass a transport); defaults as in lib/notifications/sender.ts. */
  email?: SendEmailOptions;
  /** Where `send_sms` delivers; defaults as in lib/notifications/sms/provider.ts. */
  sms?: SendSmsOptions;
  /** Where `send_push` delivers; defaults as in lib/notifications/push/sender.ts. */
  push?: SendPushOptions;
  /** Where shipments are created and tracked (tests pass adapters over the carrier fakes). */
  carriers?: CarrierOptions;
}

/**
 * Runs a task's work; a failure `permanent` says no retry can fix makes the running attempt the job's
 * last. graphile-worker 0.16 offers no public way from inside a task (`permanently_fail_jobs` skips locked
 * jobs), so this lowers the job's max_attempts in its own table; the attempt then fails as usual and the
 * job is listed as given up.
 */
async function lastIfPermanent(
  helpers: JobHelpers,
  permanent: (error: unknown) => boolean,
  work: () => Promise<unknown>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (permanent(error)) {
      await helpers.query("update graphile_worker._private_jobs set max_attempts = attempts where id = $1", [
        helpers.job.id,
      ]);
    }
    throw error;
  }
}

/** Every task a worker runs. A task that throws is retried with graphile-worker's backoff. */
export function taskList(options: TaskOptions = {}): Record<TaskName, Task> {
  return {
    send_email: (payload, helpers) =>
      lastIfPermanent(helpers, isPermanentFailure, () => sendEmailJob(getDb(), payload, options.email)),
    send_stock_alert: (payload, helpers) =>
      lastIfPermanent(helpers, isPermanentFailure, () => sendStockAlertJob(getDb(), payload, options.email)),
    send_sms: (payload, helpers) =>
      lastIfPermanent(helpers, isPermanentFailure, () => sendSmsJob(getDb(), payload, options.sms)),
    send_push: (payload, helpers) =>
      lastIfPermanent(helpers, isPermanentFailure, () => sendPushJob(getDb(), payload, options.push)),
    check_push_receipts: async (payload) => {
      await checkPushReceiptsJob(getDb(), payload, options.push);
    },
    cleanup_reservations: async () => {
      await releaseExpired(getDb());
    },
    retry_refunds: async () => {
      await retryUnsentRefunds(getDb());
    },
    create_shipment: (payload, helpers) =>
      lastIfPermanent(helpers, isPermanentCarrierFailure, () =>
        createAtCarrier(getDb(), (payload as { shipmentId: number }).shipmentId, {
          ...options.carriers,
          // graphile-worker counts the running attempt already.
          finalAttempt: helpers.job.attempts >= helpers.job.max_attempts,
        }),
      ),
    cancel_shipment: (payload, helpers) =>
      lastIfPermanent(helpers, isPermanentCarrierFailure, () =>
        cancelAtCarrier(payload as { shipmentId: number; carrier: string }, options.carriers),
      ),
    submit_earsiv: (payload, helpers) =>
      lastIfPermanent(
        helpers,
        (error) => error instanceof EarsivRejected,
        () => submitToEarsiv(getDb(), (payload as { invoiceId: number }).invoiceId),
      ),
    track_shipments: async () => {
      await pollTracking(getDb(), options.carriers);
    },
    privacy_retention: async () => {
      await expireOldOrders(getDb());
    },
    prune_records: async () => {
      await pruneRecords(getDb());
    },
    // One attempt of a delivery per job: the delivery schedules its own retries (lib/webhooks/deliver.ts).
    deliver_webhook: async (payload) => {
      await deliverWebhookJob(getDb(), payload);
    },
    send_webhook_disabled: (payload, helpers) =>
      lastIfPermanent(helpers, isPermanentFailure, () =>
        sendWebhookDisabledJob(getDb(), payload, options.email),
      ),
  };
}

/**
 * The recurring work, scheduled by the queue's own crontab in every running worker (graphile-worker
 * schedules each tick once however many run), so a self-hosted store needs no outside cron. No backfill:
 * each run catches up with everything overdue, so the runs missed while no worker ran are not worth
 * repeating. The job key keeps one copy of each waiting: a tick replaces a run that is still retrying.
 */
export const CRONTAB: CronItem[] = [
  {
    task: "cleanup_reservations",
    identifier: "cleanup_reservations",
    match: "*/5 * * * *",
    options: { backfillPeriod: 0, jobKey: "cron:cleanup_reservations", maxAttempts: 3 },
  },
  {
    task: "retry_refunds",
    identifier: "retry_refunds",
    match: "*/15 * * * *",
    options: { backfillPeriod: 0, jobKey: "cron:retry_refunds", maxAttempts: 3 },
  },
  {
    task: "track_shipments",
    identifier: "track_shipments",
    match: "*/10 * * * *",
    options: { backfillPeriod: 0, jobKey: "cron:track_shipments", maxAttempts: 3 },
  },
  {
    // Orders past the 10-year retention period lose their remaining personal data (lib/privacy/retention.ts).
    task: "privacy_retention",
    identifier: "privacy_retention",
    match: "30 3 * * *",
    options: { backfillPeriod: 0, jobKey: "cron:privacy_retention", maxAttempts: 3 },
  },
  {
    // Idempotency keys, finished app sign-ins and unpopular searches past their time (lib/jobs/recurring.ts).
    task: "prune_records",
    identifier: "prune_records",
    match: "45 3 * * *",
    options: { backfillPeriod: 0, jobKey: "cron:prune_records", maxAttempts: 3 },
  },
];

/**
 * The crontab a worker runs: tracking polls every minute (cron's finest step) when the simulated carrier
 * moves parcels faster than every 10 minutes (demos, the e2e run), so the store follows them closely.
 */
export function crontab(e: Env = env()): CronItem[] {
  const fast = e.SIMULATED_CARRIER_STEP_SECONDS < 600;
  return CRONTAB.map((item) =>
    item.task === "track_shipments" && fast ? { ...item, match: "* * * * *" } : item,
  );
}
