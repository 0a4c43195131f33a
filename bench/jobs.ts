import { randomBytes } from "node:crypto";
/**
 * The job queue's figures (bench/run.ts): what queueing an email adds to a transaction such as a
 * checkout's, and how many email jobs a worker delivers a second to the development mailbox. Both run in
 * this process on the bench database, through the store's own modules (so, like scripts/worker.ts, it
 * is a server outside Next).
 */
import { sql } from "drizzle-orm";
import { createDb, type Executor } from "../db/client";
import { addItem } from "../lib/cart/service";
import { newCartId } from "../lib/cart/token";
import { checkoutSchema } from "../lib/checkout/schemas";
import { placeOrder } from "../lib/checkout/service";
import { env } from "../lib/env";
import { startWorker } from "../lib/jobs/worker";
import { enqueueEmail } from "../lib/notifications/emails";

export const JOB_TARGETS = { enqueueAddsP50Ms: 2, drainPerSecond: 200 };

export interface JobFigures {
  /** p50 of a transaction that writes a row, and of the same transaction that also queues an email. */
  transactionP50Ms: number;
  withEnqueueP50Ms: number;
  enqueueAddsP50Ms: number;
  emails: number;
  drainSeconds: number;
  drainPerSecond: number;
  /** CPU of this process (the worker: rendering, the driver) per email delivered. */
  cpuMsPerEmail: number;
  concurrency: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const round = (value: number) => Math.round(value * 100) / 100;

/**
 * `checkoutBody` places one cash-on-delivery order whose emails are rendered; `emails` jobs are queued
 * (the worker stopped), then a worker is started with JOBS_CONCURRENCY and timed until none is left.
 */
export async function jobsScenario(
  databaseUrl: string,
  checkoutBody: unknown,
  sku: string,
  emails: number,
): Promise<JobFigures> {
  // The worker's tasks use the store's pool (lib/db), which reads DATABASE_URL; the store's environment
  // is checked as in production (scripts/as-server.ts), where the secrets must be set.
  Object.assign(process.env, {
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    CRON_SECRET: randomBytes(24).toString("base64url"),
    ...process.env,
    DATABASE_URL: databaseUrl,
  });
  const { client, db } = createDb(databaseUrl, { max: 2 });
  try {
    const cartId = newCartId();
    await addItem(db, { cartId }, { sku, qty: 1 });
    const { order } = await placeOrder(db, {
      cartId,
      userId: null,
      checkout: checkoutSchema.parse(checkoutBody),
      locale: "tr",
    });
    const message = { kind: "order_received" as const, to: "bench@example.com", locale: "tr" as const };

    // Both transactions write a row, as a checkout's does, so both pay for the commit's WAL flush and the
    // difference is what queueing adds (its statement, add_job, the NOTIFY at commit). Alternating, so
    // that both see the same machine.
    const write = (tx: Executor, key: string) =>
      tx.execute(sql`insert into job_events (event_key, task) values (${key}, 'bench')`);
    const plain: number[] = [];
    const queued: number[] = [];
    for (let i = 0; i < 400; i++) {
      let t = performance.now();
      await db.transaction(async (tx) => {
        await write(tx, `bench-plain:${i}`);
      });
      plain.push(performance.now() - t);
      t = performance.now();
      await db.transaction(async (tx) => {
        await write(tx, `bench-row:${i}`);
        await enqueueEmail(tx, `bench-enqueue:${i}`, { ...message, orderNo: order.orderNo });
      });
      queued.push(performance.now() - t);
    }
    await db.execute(sql`delete from graphile_worker._private_jobs`);

    for (let i = 0; i < emails; i += 100) {
      await db.transaction(async (tx) => {
        for (let j = i; j < Math.min(i + 100, emails); j++)
          await enqueueEmail(tx, `bench-drain:${j}`, { ...message, orderNo: order.orderNo });
      });
    }
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const worker = await startWorker({ connectionString: databaseUrl });
    for (;;) {
      const [left] = await db.execute(sql`select count(*)::int as n from graphile_worker.jobs`);
      if (Number(left?.n) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const drainSeconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    await worker.stop();
    const [sent] = await db.execute(
      sql`select count(*)::int as n from dev_emails where event_key like 'bench-drain:%'`,
    );
    if (Number(sent?.n) !== emails)
      throw new Error(`jobs bench: ${sent?.n} of ${emails} emails in the mailbox`);

    const transactionP50Ms = median(plain);
    const withEnqueueP50Ms = median(queued);
    return {
      transactionP50Ms: round(transactionP50Ms),
      withEnqueueP50Ms: round(withEnqueueP50Ms),
      enqueueAddsP50Ms: round(withEnqueueP50Ms - transactionP50Ms),
      emails,
      drainSeconds: round(drainSeconds),
      drainPerSecond: Math.round(emails / drainSeconds),
      cpuMsPerEmail: round((cpu.user + cpu.system) / 1000 / emails),
      concurrency: env().JOBS_CONCURRENCY,
    };
  } finally {
    await client.end();
  }
}
