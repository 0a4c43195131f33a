import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { type Database, rows, type Transaction } from "@/db/client";
import type { DeliveryStatus } from "@/db/schema";
import { isAppError } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/queue";
import { OutboundError, outboundRequest } from "@/lib/net/outbound";
import { EMAIL_MAX_ATTEMPTS } from "@/lib/notifications/emails";
import { openSecret, signedHeaders } from "./secret";

/**
 * Waits after each failed attempt, the Standard Webhooks recommendation (5 s, 5 min, 30 min, 2 h, 5 h,
 * 10 h, 10 h) stretched with more 10 h steps to about 3 days: 12 attempts over 2.8 days, then the
 * delivery has failed.
 */
export const RETRY_DELAYS_S = [5, 300, 1800, 7200, 18_000, 36_000, 36_000, 36_000, 36_000, 36_000, 36_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_S.length + 1;
/**
 * graphile-worker attempts of one deliver_webhook job: the schedule above is the delivery's own; these only
 * repeat a run that failed before it recorded its attempt (a run that did record one does nothing again).
 */
export const DELIVER_JOB_ATTEMPTS = 3;
export const TIMEOUT_MS = 10_000;
/** What is kept of a receiver's answer, for the delivery log. */
export const RESPONSE_BODY_LIMIT = 2048;
/** Why the store switched an endpoint off (shown to staff, sent by email). */
export const PERSISTENT_FAILURE = "persistent_failure";

const jobSchema = z.object({
  deliveryId: z.coerce.number().int().min(1),
  /** The scheduled attempt this job is (1…MAX_ATTEMPTS); absent for a redelivery staff asked for. */
  attempt: z.number().int().min(1).optional(),
});

export interface DeliverOptions {
  /** The attempt's time for its log and the retry schedule (tests move it forward instead of waiting). */
  now?: Date;
}

interface DeliveryRow {
  id: number;
  endpoint_id: number;
  message_id: string;
  payload: unknown;
  status: DeliveryStatus;
  attempts: number;
  created_at: Date | string;
  url: string;
  secret: string;
  enabled: boolean;
}

interface AttemptOutcome {
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
  durationMs: number;
}

/** One signed POST; never throws: a refused URL, a timeout or a refused connection is a failed attempt. */
async function attempt(row: DeliveryRow): Promise<AttemptOutcome> {
  const body = JSON.stringify(row.payload);
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  try {
    const answer = await outboundRequest(row.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        // Signed when sent: receivers reject a timestamp too far from their clock.
        ...signedHeaders(openSecret(row.secret), row.message_id, new Date(), body),
      },
      body,
      timeoutMs: TIMEOUT_MS,
      maxResponseBytes: RESPONSE_BODY_LIMIT,
    });
    return { responseStatus: answer.status, responseBody: answer.body, error: null, durationMs: took() };
  } catch (error) {
    if (!(error instanceof OutboundError) && !(isAppError(error) && error.code === "URL_NOT_ALLOWED"))
      throw error;
    const message = isAppError(error) ? error.code : error.message;
    return { responseStatus: null, responseBody: null, error: message, durationMs: took() };
  }
}

/**
 * The `deliver_webhook` job: one attempt of a delivery. The URL is checked again (outboundRequest refuses
 * what registration would refuse, after resolving it). A 2xx ends the delivery; otherwise the next
 * attempt is queued as a job of its own after RETRY_DELAYS_S, and after the last the delivery has failed
 * and a persistently failing endpoint is switched off. A scheduled attempt that is not the delivery's
 * next one (a job run again, or overtaken by a redelivery) does nothing; a redelivery is one attempt of
 * the same message (same webhook-id), whatever the delivery's state, without retries of its own.
 */
export async function deliverWebhookJob(db: Database, payload: unknown, options: DeliverOptions = {}) {
  const job = jobSchema.parse(payload);
  const [row] = await rows<DeliveryRow>(
    db,
    sql`select d.id, d.endpoint_id, d.message_id, d.payload, d.status, d.attempts, d.created_at,
        e.url, e.secret, e.enabled
      from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id where d.id = ${job.deliveryId}`,
  );
  const scheduled = job.attempt !== undefined;
  if (!row) return;
  if (scheduled && (row.status !== "pending" || row.attempts !== (job.attempt ?? 0) - 1)) return;
  const now = options.now ?? new Date();
  if (scheduled && !row.enabled) {
    await db.execute(sql`update webhook_deliveries set status = 'failed', next_attempt_at = null,
      last_error = 'endpoint_disabled', updated_at = ${now.toISOString()} where id = ${row.id} and status = 'pending'`);
    return;
  }
  const outcome = await attempt(row);
  await db.transaction((tx) => record(tx, row, job.attempt, outcome, now));
}

async function record(
  tx: Transaction,
  row: DeliveryRow,
  scheduledAttempt: number | undefined,
  outcome: AttemptOutcome,
  now: Date,
) {
  const at = now.toISOString();
  const ok = outcome.responseStatus !== null && outcome.responseStatus >= 200 && outcome.responseStatus < 300;
  const retryIn = scheduledAttempt === undefined || ok ? undefined : RETRY_DELAYS_S[scheduledAttempt - 1];
  const next = retryIn === undefined ? null : new Date(now.getTime() + retryIn * 1000);
  const status: DeliveryStatus = ok ? "succeeded" : next ? "pending" : "failed";
  await tx.execute(sql`insert into webhook_attempts (delivery_id, response_status, response_body, error, duration_ms, created_at)
    values (${row.id}, ${outcome.responseStatus}, ${outcome.responseBody}, ${outcome.error}, ${outcome.durationMs}, ${at})`);
  await tx.execute(sql`update webhook_deliveries set status = ${status}, attempts = attempts + 1,
      next_attempt_at = ${next?.toISOString() ?? null}, last_response_status = ${outcome.responseStatus},
      last_response_body = ${outcome.responseBody}, last_error = ${outcome.error}, updated_at = ${at}
    where id = ${row.id}`);
  if (ok) {
    await tx.execute(sql`update webhook_endpoints set last_success_at = ${at} where id = ${row.endpoint_id}`);
  } else if (next && scheduledAttempt !== undefined) {
    const attempt = scheduledAttempt + 1;
    await enqueueJob(
      tx,
      "deliver_webhook",
      `webhook:${row.id}:${attempt}`,
      { deliveryId: row.id, attempt },
      { maxAttempts: DELIVER_JOB_ATTEMPTS, runAt: next },
    );
  } else if (scheduledAttempt !== undefined) {
    await disableIfFailing(tx, row, at);
  }
}

/**
 * Persistent failure: a delivery spent its ~3 days of attempts and the endpoint answered no delivery
 * with a 2xx since that delivery was made. The endpoint is switched off (its waiting deliveries then
 * stop) and every administrator is emailed, once per switch-off.
 */
async function disableIfFailing(tx: Transaction, row: DeliveryRow, at: string) {
  const [disabled] = await rows<{ id: number; url: string }>(
    tx,
    sql`update webhook_endpoints set enabled = false, disabled_reason = ${PERSISTENT_FAILURE}, updated_at = ${at}
      where id = ${row.endpoint_id} and enabled
        and (last_success_at is null or last_success_at < ${new Date(row.created_at).toISOString()})
      returning id, url`,
  );
  if (!disabled) return;
  const admins = await rows<{ id: string; email: string }>(
    tx,
    sql`select id, email from users where role = 'admin' order by id`,
  );
  for (const admin of admins) {
    const eventKey = `webhook_disabled:${disabled.id}:${at}:${admin.id}`;
    await enqueueJob(
      tx,
      "send_webhook_disabled",
      eventKey,
      {
        eventKey,
        to: admin.email,
        url: disabled.url,
      },
      { maxAttempts: EMAIL_MAX_ATTEMPTS },
    );
  }
}
