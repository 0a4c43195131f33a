import "server-only";
import { sql } from "drizzle-orm";
import { parseCronItems, type TimestampDigest } from "graphile-worker";
import { type Database, rows } from "@/db/client";
import { crontab } from "./tasks";

const MINUTE = 60_000;
/** How far back a tick missed while nothing called the drain still counts: the crontab's longest period. */
const LOOK_BACK = 24 * 60 * MINUTE;

/** A minute as cron patterns read it, in UTC like graphile-worker's own crontab. */
function digest(at: Date): TimestampDigest {
  return {
    min: at.getUTCMinutes(),
    hour: at.getUTCHours(),
    date: at.getUTCDate(),
    month: at.getUTCMonth() + 1,
    dow: at.getUTCDay(),
  };
}

/**
 * The queue's crontab where no worker stays up to keep it (serverless hosts: GET/POST /api/cron/jobs):
 * each call queues every recurring job one of whose ticks fell since the previous call, once however
 * many ticks were missed (no backfill, as the worker's crontab), with the same job key, so a run still
 * waiting or retrying is not doubled. The first call only starts counting. The rows are locked, so
 * overlapping calls queue each tick once. Returns the tasks queued.
 */
export async function queueDueRecurring(db: Database, now = new Date()): Promise<string[]> {
  const minute = Math.floor(now.getTime() / MINUTE) * MINUTE;
  const until = new Date(minute).toISOString();
  return db.transaction(async (tx) => {
    const queued: string[] = [];
    for (const item of parseCronItems(crontab())) {
      await tx.execute(sql`insert into recurring_ticks (identifier, checked_until) values (${item.identifier}, ${until})
        on conflict (identifier) do nothing`);
      const [row] = await rows<{ checked_until: string | Date }>(
        tx,
        sql`select checked_until from recurring_ticks where identifier = ${item.identifier} for update`,
      );
      const from = Math.max(new Date(row?.checked_until ?? until).getTime(), minute - LOOK_BACK);
      let due = false;
      for (let tick = from + MINUTE; tick <= minute && !due; tick += MINUTE)
        due = item.match(digest(new Date(tick)));
      if (due) {
        await tx.execute(sql`select graphile_worker.add_job(${item.task}, '{}'::json,
          max_attempts := ${item.options.maxAttempts ?? null}::int, job_key := ${item.options.jobKey ?? null}::text)`);
        queued.push(item.task);
      }
      await tx.execute(
        // Never backwards: a call from a server whose clock is behind does not count the same ticks again.
        sql`update recurring_ticks set checked_until = greatest(checked_until, ${until}::timestamptz)
          where identifier = ${item.identifier}`,
      );
    }
    return queued;
  });
}
