/**
 * `npm run test:e2e`: builds the store (`next build`, skipped with E2E_SKIP_BUILD=1), starts it with
 * `next start` on a fresh database (embedded, or a new database on TEST_DATABASE_URL's server) seeded
 * with the demo store and with fake iyzico and PayTR servers as its card providers, runs Playwright
 * against it with the job queue's worker beside it (scripts/worker.ts; parcels of the simulated carrier
 * move every 15 s), then stops everything. The specs reach the fakes' test controls at E2E_IYZICO_URL and
 * E2E_PAYTR_URL.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { createDb } from "../db/client";
import { ensureDatabase, freePort, startEmbeddedPostgres } from "../db/embedded";
import { runMigrations } from "../db/migrate";
import { seedDemoStore } from "../lib/demo/store";
import { startFakeIyzico } from "../tests/support/fake-iyzico";
import { startFakePaytr } from "../tests/support/fake-paytr";

const E2E_CRON_SECRET = randomBytes(24).toString("base64url");
const IYZICO = { apiKey: "sandbox-e2e-api-key", secretKey: "sandbox-e2e-secret-key" };
const PAYTR = { merchantId: "100300", merchantKey: "e2e-merchant-key", merchantSalt: "e2e-merchant-salt" };

async function waitForHealth(url: string, server: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the store exited with code ${server.exitCode}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the store did not answer ${url}/api/health within ${timeoutMs} ms`);
}

async function main(): Promise<number> {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  const nextBin = require.resolve("next/dist/bin/next");
  if (process.env.E2E_SKIP_BUILD !== "1") {
    const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env });
    if (build.status !== 0) return build.status ?? 1;
  } else {
    // A reused build keeps the cached catalogue reads of its last run, made against another database:
    // a listing's page 1 from then and page 2 from now would overlap.
    await rm(path.join(".next", "cache", "fetch-cache"), { recursive: true, force: true });
  }

  let serverUrl = process.env.TEST_DATABASE_URL;
  let stopDatabase = async () => {};
  let dataDir: string | undefined;
  if (!serverUrl) {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "store-e2e-pg-"));
    const server = await startEmbeddedPostgres(dataDir, await freePort());
    serverUrl = server.serverUrl;
    stopDatabase = server.stop;
  }
  const name = `store_e2e_${process.pid}`;
  const databaseUrl = await ensureDatabase(serverUrl, name);
  await runMigrations(databaseUrl);
  const { client, db } = createDb(databaseUrl, { max: 1 });
  await seedDemoStore(db);
  await client.end();

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const iyzico = await startFakeIyzico({ ...IYZICO, notifyUrl: `${baseUrl}/api/webhooks/iyzico` });
  const paytr = await startFakePaytr({ ...PAYTR, notifyUrl: `${baseUrl}/api/webhooks/paytr` });
  // Playwright reuses idle sockets; Node's 5 s keep-alive closed some of them under a request (ECONNRESET).
  const keepAlive = ["--keepAliveTimeout", "70000"];
  const storeEnv = {
    ...env,
    DATABASE_URL: databaseUrl,
    APP_URL: baseUrl,
    NODE_ENV: "production" as const,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    CRON_SECRET: E2E_CRON_SECRET,
    IYZICO_API_KEY: IYZICO.apiKey,
    IYZICO_SECRET_KEY: IYZICO.secretKey,
    IYZICO_BASE_URL: iyzico.url,
    PAYTR_MERCHANT_ID: PAYTR.merchantId,
    PAYTR_MERCHANT_KEY: PAYTR.merchantKey,
    PAYTR_MERCHANT_SALT: PAYTR.merchantSalt,
    PAYTR_BASE_URL: paytr.url,
    PAYTR_TEST_MODE: "1",
    // One log line per request would bury Playwright's report; warnings and errors still show.
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    // Parcels move a step every 15 s: delivered about a minute after creation (tracking polls each
    // minute), while a staff member shipping by hand right after confirming still finds it unpicked.
    SIMULATED_CARRIER_STEP_SECONDS: "15",
  };
  const store = spawn(
    process.execPath,
    [nextBin, "start", "-p", String(port), "-H", "127.0.0.1", ...keepAlive],
    { stdio: ["ignore", "inherit", "inherit"], env: storeEnv },
  );
  // The job queue's worker (`npm run worker`) beside `next start`, as a deployment that separates them.
  const worker = spawn(process.execPath, [require.resolve("tsx/cli"), "scripts/worker.ts"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: storeEnv,
  });
  try {
    await waitForHealth(baseUrl, store);
    const playwright = require.resolve("@playwright/test/cli");
    // Not spawnSync: the fake providers answer from this process's event loop while Playwright runs.
    const run = spawn(process.execPath, [playwright, "test", ...process.argv.slice(2)], {
      stdio: "inherit",
      env: {
        ...env,
        E2E_BASE_URL: baseUrl,
        DATABASE_URL: databaseUrl,
        CRON_SECRET: E2E_CRON_SECRET,
        E2E_IYZICO_URL: iyzico.url,
        E2E_PAYTR_URL: paytr.url,
      },
    });
    return await new Promise<number>((resolve) => run.on("exit", (code) => resolve(code ?? 1)));
  } finally {
    store.kill("SIGTERM");
    worker.kill("SIGTERM");
    await new Promise((resolve) => (worker.exitCode === null ? worker.once("exit", resolve) : resolve(null)));
    await Promise.all([iyzico.close(), paytr.close()]);
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
    await admin.end();
    await stopDatabase();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
