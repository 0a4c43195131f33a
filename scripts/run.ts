/**
 * `npm run dev` / `npm start`: finds or starts the database, migrates it, seeds the demo store into an
 * empty embedded database, starts the job queue's worker in this process (unless JOBS_IN_PROCESS=false),
 * then runs `next dev` or `next start` with DATABASE_URL set. `npm run dev` with no card provider keys
 * also starts simulated iyzico and PayTR servers (the tests' fakes), so cards can be paid in the demo
 * without an account or the internet.
 */
import "./as-server";
import { spawn } from "node:child_process";
import { createDb } from "../db/client";
import { redact, resolveDatabase } from "../db/local";
import { runMigrations } from "../db/migrate";
import { seedDemoOrders } from "../lib/demo/orders";
import { DEMO_STAFF, isStoreEmpty, seedDemoStaff, seedDemoStore } from "../lib/demo/store";
import { startWorker } from "../lib/jobs/worker";
import { startFakeIyzico } from "../tests/support/fake-iyzico";
import { startFakePaytr } from "../tests/support/fake-paytr";
import { localSecrets } from "./local-secrets";
import { storeNodeOptions } from "./node-options";

function nextCommand(arg: string | undefined): "dev" | "start" {
  if (arg === "dev" || arg === "start") return arg;
  console.error("usage: tsx scripts/run.ts dev|start [next options]");
  process.exit(2);
}
const mode = nextCommand(process.argv[2]);

const CARD_KEYS = [
  "IYZICO_API_KEY",
  "IYZICO_SECRET_KEY",
  "PAYTR_MERCHANT_ID",
  "PAYTR_MERCHANT_KEY",
  "PAYTR_MERCHANT_SALT",
  "STRIPE_SECRET_KEY",
];

/**
 * Development without any card provider keys: simulated iyzico and PayTR on free local ports, wired to
 * this store (their notifications go to its webhook routes). SIMULATE_PAYMENTS=false turns this off.
 */
async function simulatedCardProviders(): Promise<{ env: Record<string, string>; payCard?: PayCard }> {
  if (mode !== "dev" || process.env.SIMULATE_PAYMENTS === "false") return { env: {} };
  if (CARD_KEYS.some((key) => process.env[key])) return { env: {} };
  const store = (process.env.APP_URL ?? "http://localhost:3000").replace(/\/+$/, "");
  const iyzico = { apiKey: "sandbox-simulated-api-key", secretKey: "sandbox-simulated-secret-key" };
  const paytr = {
    merchantId: "100000",
    merchantKey: "simulated-merchant-key",
    merchantSalt: "simulated-salt",
  };
  const [fakeIyzico, fakePaytr] = await Promise.all([
    startFakeIyzico({ ...iyzico, notifyUrl: `${store}/api/webhooks/iyzico` }),
    startFakePaytr({ ...paytr, notifyUrl: `${store}/api/webhooks/paytr` }),
  ]);
  console.log(
    `Card payments: simulated iyzico (${fakeIyzico.url}) and PayTR (${fakePaytr.url}); ` +
      "test cards 5528 7900 0000 0008 (iyzico) and 4355 0843 5508 4358 (PayTR) pay, " +
      "4111 1111 1111 1129 (iyzico) is declined. Choose the provider in /admin/payments.",
  );
  return {
    env: {
      IYZICO_API_KEY: iyzico.apiKey,
      IYZICO_SECRET_KEY: iyzico.secretKey,
      IYZICO_BASE_URL: fakeIyzico.url,
      PAYTR_MERCHANT_ID: paytr.merchantId,
      PAYTR_MERCHANT_KEY: paytr.merchantKey,
      PAYTR_MERCHANT_SALT: paytr.merchantSalt,
      PAYTR_BASE_URL: fakePaytr.url,
      PAYTR_TEST_MODE: "1",
    },
    // The demo month's card orders are paid on the simulated iyzico page, as a shopper would.
    payCard: async (session, outcome) => {
      if (session.provider !== "iyzico") return;
      await fakeIyzico.pay(session.token, {
        card: outcome === "paid" ? "5528790000000008" : "4111111111111129",
      });
    },
  };
}

type PayCard = NonNullable<Parameters<typeof seedDemoOrders>[1]["payCard"]>;

async function main() {
  const started = Date.now();
  const database = await resolveDatabase();
  console.log(`Database: ${redact(database.url)} (${database.source})`);
  await runMigrations(database.url);

  const simulated = await simulatedCardProviders();
  // The store's services in this process (the demo orders, the worker's jobs) read the environment the
  // server will have: this database, the simulated providers, the local secrets (what is set wins).
  const secrets = database.source === "DATABASE_URL" ? {} : localSecrets();
  Object.assign(process.env, { ...secrets, ...simulated.env, ...process.env, DATABASE_URL: database.url });
  const seedDemo = database.source !== "DATABASE_URL" || process.env.SEED_DEMO === "true";
  if (seedDemo) {
    const { client, db } = createDb(database.url, { max: 1 });
    try {
      if (await isStoreEmpty(db)) {
        const result = await seedDemoStore(db);
        console.log(`Demo store loaded: ${result.products} products, ${result.variants} variants.`);
        if (mode === "dev") {
          const made = await seedDemoOrders(db, { payCard: simulated.payCard });
          console.log(`Demo orders: ${made} over the last 30 days (see /admin).`);
        }
      }
      // Also for a database seeded before accounts existed; never resets a changed password.
      await seedDemoStaff(db);
    } finally {
      await client.end();
    }
  }
  console.log(`Database ready in ${Date.now() - started} ms.`);
  if (database.source !== "DATABASE_URL") {
    console.log(
      `Staff login: ${DEMO_STAFF.email} / ${DEMO_STAFF.password} (sign in at /login, staff area /admin)`,
    );
  }

  const worker =
    process.env.JOBS_IN_PROCESS === "false" ? null : await startWorker({ connectionString: database.url });
  console.log(
    worker
      ? "Jobs: worker running in this process (emails, recurring cleanup; JOBS_IN_PROCESS=false turns it off)."
      : "Jobs: no worker in this process (JOBS_IN_PROCESS=false); run `npm run worker` beside it.",
  );
  worker?.promise.catch((error) => console.error("The job worker stopped:", error));

  const nextBin = require.resolve("next/dist/bin/next");
  if ("CRON_SECRET" in secrets && process.env.CRON_SECRET === secrets.CRON_SECRET) {
    console.log(`CRON_SECRET (local): ${secrets.CRON_SECRET}`);
  }
  const child = spawn(process.execPath, [nextBin, mode, ...process.argv.slice(3)], {
    stdio: "inherit",
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      ...(mode === "start" ? { NODE_OPTIONS: storeNodeOptions(process.env.NODE_OPTIONS) } : {}),
    },
  });

  let stopping = false;
  async function shutdown(code: number) {
    if (stopping) return;
    stopping = true;
    // The jobs in hand finish before the database goes away.
    await worker?.stop().catch(() => {});
    await database.stop().catch(() => {});
    process.exit(code);
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code) => void shutdown(code ?? 0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
