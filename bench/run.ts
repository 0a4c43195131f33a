/**
 * `npm run bench`: the store (`next build && next start`) against a baseline measured in the same run on
 * the same PostgreSQL (bench/baseline.ts: node:http + postgres.js doing the same stock claim). Prints a
 * table and writes bench/results.json.
 *
 *   BENCH_SECONDS=20       seconds per measured run (after a short warm-up)
 *   BENCH_CONNECTIONS=64   connections of the autocannon scenarios (checkout uses 16)
 *   STORE_SKIP_BUILD=1     reuse an existing .next/ build
 *   BENCH_STORE_NODE_OPTIONS="--max-old-space-size=384"   NODE_OPTIONS of the store process only
 *   BENCH_PROFILE=1        also record a CPU profile of the store over the whole run and print where
 *                          its time goes (slower: the profiled figures are not the reported ones)
 *   BENCH_LIGHTHOUSE=0     skip Lighthouse (bench/lighthouse.ts: mobile preset, system Chromium)
 *   BENCH_ONLY=jobs        only the job queue's figures (bench/jobs.ts): no build, no store server
 *   BENCH_ONLY=suggest     only the search suggestions' figure (bench/suggest.ts), on 10,000 products
 */

import "../scripts/as-server";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import postgres from "postgres";
import { freePort } from "../db/embedded";
import { JOB_TARGETS, type JobFigures, jobsScenario } from "./jobs";
import { type AuditPage, auditPages, firstLoadJsKb, type PageAudit } from "./lighthouse";
import {
  buildStore,
  createStoreDatabase,
  HOST,
  type StoreServer,
  sleep,
  startPostgres,
  startStore,
  treeRssKb,
} from "./store";
import { createSearchCatalogue, SUGGEST_TARGETS, type SuggestFigures, suggestScenario } from "./suggest";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP_SECONDS = Math.max(1, Math.min(3, Math.round(SECONDS / 5)));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const CHECKOUT_CONNECTIONS = 16;
const PROFILE = process.env.BENCH_PROFILE === "1";
const LIGHTHOUSE = process.env.BENCH_LIGHTHOUSE !== "0";
/** NODE_OPTIONS for the store only, e.g. "--max-old-space-size=384" to see its effect on RSS. */
const STORE_NODE_OPTIONS = process.env.BENCH_STORE_NODE_OPTIONS ?? "";
const HOT_SKU = "BENCH-00000";
const SPREAD_SKUS = 10_000;
const PRODUCT_SLUG = "kadin-pamuklu-basic-tisort";
const STATIC_FILE = `/images/products/${PRODUCT_SLUG}.svg`;

const TARGETS = {
  flashRatio: 0.8,
  flashP99Ms: 150,
  spreadRatio: 0.5,
  productPageRatio: 0.5,
  checkoutP50Ms: 60,
  rssMb: 400,
  lighthouseAccessibility: 95,
  productPageJsKb: 150,
};

interface Load {
  /** Successful (2xx) answers per second over the measured run. */
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Where a request's time goes: CPU of the server process (ms), PostgreSQL statements and their time. */
  perRequest?: { serverCpuMs: number; statements: number; transactions: number; dbMs: number };
}

const sku = (n: number) => `BENCH-${String(n).padStart(5, "0")}`;

async function cannon(options: autocannon.Options): Promise<Load> {
  const result = await autocannon({ ...options, connections: options.connections ?? CONNECTIONS });
  const seconds = (options.duration as number) || SECONDS;
  return {
    rps: Math.round(result["2xx"] / seconds),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** Kernel clock ticks per second (`getconf CLK_TCK`), 100 on Linux. */
const CLOCK_TICKS = 100;

/** CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat. */
async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** Statements PostgreSQL ran since the last reset (pg_stat_statements), with their execution time. */
async function dbTotals(sql: postgres.Sql) {
  const [row] = await sql<{ calls: string; begins: string; ms: number }[]>`
    select coalesce(sum(calls), 0) as calls,
      coalesce(sum(calls) filter (where query ilike 'begin%'), 0) as begins,
      coalesce(sum(total_exec_time), 0)::float8 as ms
    from pg_stat_statements where query not ilike '%pg_stat_statements%'`;
  return { calls: Number(row?.calls), begins: Number(row?.begins), ms: row?.ms ?? 0 };
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * A short unmeasured run, then the measured one; around the measured run the server's CPU time and the
 * database's statements are counted, per successful request.
 */
async function measure(
  options: autocannon.Options,
  probe: { pid: number; sql: postgres.Sql },
): Promise<Load> {
  await cannon({ ...options, duration: WARMUP_SECONDS });
  await sleep(300);
  await probe.sql`select pg_stat_statements_reset()`;
  const cpuBefore = await cpuMs(probe.pid);
  const load = await cannon({ ...options, duration: SECONDS });
  const cpu = (await cpuMs(probe.pid)) - cpuBefore;
  const db = await dbTotals(probe.sql);
  const ok = load.rps * SECONDS;
  if (ok > 0) {
    load.perRequest = {
      serverCpuMs: round(cpu / ok, 2),
      statements: round(db.calls / ok),
      transactions: round(db.begins / ok),
      dbMs: round(db.ms / ok, 2),
    };
  }
  return load;
}

const json = { "content-type": "application/json" };

function claimRequests(target: "store" | "baseline", pickSku: () => string): autocannon.Request[] {
  return [
    {
      method: "POST",
      path: target === "store" ? "/api/cart/items" : "/claim",
      headers: json,
      setupRequest: (request) => ({ ...request, body: JSON.stringify({ sku: pickSku(), qty: 1 }) }),
    },
  ];
}

async function startBaseline(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "baseline.ts")], {
    env: { ...process.env, BASELINE_DATABASE_URL: databaseUrl, BASELINE_PORT: String(port) },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://${HOST}:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return { url, child };
    } catch {
      // starting
    }
    await sleep(100);
  }
  child.kill("SIGKILL");
  throw new Error("the baseline server did not start");
}

/** 1000 products × 10 variants (BENCH-00000 … BENCH-09999), 100,000 units each; the hot SKU 10,000,000. */
async function createBenchCatalogue(sql: postgres.Sql) {
  await sql.begin(async (tx) => {
    await tx`insert into products (slug, name_tr, name_en, category_id)
      select 'bench-urun-' || g, 'Bench ürün ' || g, 'Bench product ' || g,
        (select id from categories order by id limit 1)
      from generate_series(0, ${SPREAD_SKUS / 10 - 1}) g`;
    await tx`insert into variants (product_id, sku, name_tr, name_en, price, weight_grams, length_cm, width_cm,
        height_cm, position)
      select p.id, 'BENCH-' || lpad((substr(p.slug, 12)::int * 10 + k)::text, 5, '0'), 'Beden ' || k, 'Size ' || k,
        19990, 300, 30, 20, 5, k
      from products p cross join generate_series(0, 9) k where p.slug like 'bench-urun-%'`;
    await tx`insert into inventory (variant_id, on_hand)
      select id, case when sku = ${HOT_SKU} then 10000000 else 100000 end from variants where sku like 'BENCH-%'`;
    await tx`insert into stock_ledger (variant_id, on_hand_delta, reason, reference)
      select variant_id, on_hand, 'initial', 'bench' from inventory i join variants v on v.id = i.variant_id
      where v.sku like 'BENCH-%'`;
  });
  await sql`vacuum analyze`;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

interface Checkout {
  /** p50 of 30 checkouts sent one at a time. */
  soloP50: number;
  checkouts: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  failed: number;
  seconds: number;
  statementsPerCheckout: number | null;
  transactionsPerCheckout: number | null;
  serverCpuMsPerCheckout: number | null;
  dbMsPerCheckout: number | null;
  topStatements: { calls: number; perCheckout: number; meanMs: number; query: string }[];
}

const CHECKOUT_BODY = {
  email: "bench@example.com",
  shippingAddress: {
    name: "Ayşe Yılmaz",
    line1: "Bağdat Caddesi No: 12 D: 3",
    district: "Kadıköy",
    city: "İstanbul",
    postalCode: "34710",
    country: "TR",
    phone: "+905551112233",
  },
  shippingMethod: "standard",
  paymentMethod: "cash_on_delivery",
  acceptedTerms: true,
};

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { ...json, ...headers },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response;
}

/** Carts with one line each (a random spread SKU), made over HTTP before the checkout run. */
async function prepareCarts(store: StoreServer, count: number): Promise<string[]> {
  const cookies: string[] = [];
  let made = 0;
  await Promise.all(
    Array.from({ length: CHECKOUT_CONNECTIONS }, async () => {
      while (made < count) {
        made++;
        const response = await post(`${store.url}/api/cart/items`, {
          sku: sku(1 + Math.floor(Math.random() * (SPREAD_SKUS - 1))),
          qty: 1,
        });
        const cart = response.headers
          .getSetCookie()
          .map((c) => c.split(";")[0] ?? "")
          .find((c) => c.startsWith("cart="));
        if (response.ok && cart) cookies.push(cart);
      }
    }),
  );
  return cookies;
}

async function runCheckouts(
  store: StoreServer,
  carts: string[],
  seconds: number,
  connections = CHECKOUT_CONNECTIONS,
) {
  const latencies: number[] = [];
  let failed = 0;
  const deadline = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (;;) {
        const cookie = carts.pop();
        if (!cookie || Date.now() > deadline) return;
        const t = performance.now();
        const response = await post(`${store.url}/api/checkout`, CHECKOUT_BODY, {
          cookie,
          "idempotency-key": `bench-${cookie.slice(5, 40)}`,
        });
        if (response.status === 201) latencies.push(performance.now() - t);
        else failed++;
      }
    }),
  );
  return { latencies, failed, seconds: (Date.now() - started) / 1000 };
}

async function checkoutScenario(store: StoreServer, sql: postgres.Sql): Promise<Checkout> {
  // Enough carts for the run at up to ~80 checkouts a second, plus the warm-up.
  const carts = await prepareCarts(store, 80 * SECONDS + 100);
  await runCheckouts(store, carts.splice(0, 100), WARMUP_SECONDS);
  // One at a time: the latency of a checkout on an otherwise idle store.
  const solo = await runCheckouts(store, carts.splice(0, 30), 60, 1);
  await sleep(500);
  await sql`select pg_stat_statements_reset()`;
  const cpuBefore = await cpuMs(store.child.pid as number);
  const run = await runCheckouts(store, carts, SECONDS);
  const cpu = (await cpuMs(store.child.pid as number)) - cpuBefore;
  const db = await dbTotals(sql);
  const stats = await sql<{ query: string; calls: string; mean: number }[]>`
    select query, calls, mean_exec_time as mean from pg_stat_statements
    where query not ilike '%pg_stat_statements%' order by calls desc`;
  const n = run.latencies.length;
  const total = stats.reduce((sum, s) => sum + Number(s.calls), 0);
  const begins = stats.filter((s) => /^\s*begin/i.test(s.query)).reduce((sum, s) => sum + Number(s.calls), 0);
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const soloSorted = [...solo.latencies].sort((a, b) => a - b);
  return {
    soloP50: Math.round(percentile(soloSorted, 50)),
    checkouts: n,
    rps: Math.round(n / run.seconds),
    p50: Math.round(percentile(sorted, 50)),
    p90: Math.round(percentile(sorted, 90)),
    p99: Math.round(percentile(sorted, 99)),
    failed: run.failed,
    seconds: Math.round(run.seconds * 10) / 10,
    statementsPerCheckout: n ? Math.round((total / n) * 10) / 10 : null,
    transactionsPerCheckout: n ? Math.round((begins / n) * 10) / 10 : null,
    serverCpuMsPerCheckout: n ? round(cpu / n, 2) : null,
    dbMsPerCheckout: n ? round(db.ms / n, 2) : null,
    topStatements: stats.slice(0, 12).map((s) => ({
      calls: Number(s.calls),
      perCheckout: n ? Math.round((Number(s.calls) / n) * 100) / 100 : 0,
      meanMs: Math.round(s.mean * 100) / 100,
      query: s.query.replace(/\s+/g, " ").slice(0, 140),
    })),
  };
}

/** The pages Lighthouse looks at; the cart and checkout with one unit of the product page's first variant. */
async function lighthousePages(store: StoreServer, sql: postgres.Sql): Promise<AuditPage[]> {
  const [category] = await sql<{ slug: string }[]>`
    select slug from categories where parent_id is null order by position, id limit 1`;
  const [variant] = await sql<{ sku: string }[]>`
    select v.sku from variants v join products p on p.id = v.product_id
    where p.slug = ${PRODUCT_SLUG} order by v.position, v.id limit 1`;
  const response = await post(`${store.url}/api/cart/items`, { sku: variant?.sku, qty: 1 });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .find((c) => c.startsWith("cart="));
  if (!response.ok || !cookie)
    throw new Error(`could not fill a cart for Lighthouse: HTTP ${response.status}`);
  return [
    { name: "home", path: "/" },
    { name: "category", path: `/products?category=${category?.slug}` },
    { name: "product", path: `/products/${PRODUCT_SLUG}` },
    { name: "cart", path: "/cart", headers: { cookie } },
    { name: "checkout", path: "/checkout", headers: { cookie } },
  ];
}

/** Where the store's CPU went, from V8 .cpuprofile files: shares of busy time by area and by function. */
async function profileSummary(dir: string, limit = 20) {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".cpuprofile"));
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let busy = 0;
  const area = (name: string, url: string): string => {
    if (name === "(garbage collector)") return "garbage collection";
    if (name === "(program)") return "V8 / native (program)";
    if (!url) return "native calls (I/O, syscalls, buffers)";
    if (url.startsWith("node:")) return "Node.js internals (streams, http, crypto, zlib)";
    if (url.includes("next/dist/compiled/next-server")) return "Next.js server runtime + React rendering";
    if (url.includes("node_modules/next/")) return "Next.js (other)";
    if (url.includes("/.next/server/chunks/ssr/")) return "app bundle: pages (app code + bundled libraries)";
    if (url.includes("/.next/server/")) return "app bundle: route handlers (app code + bundled libraries)";
    if (url.includes("node_modules/")) return "other node_modules";
    return "other";
  };
  for (const file of files) {
    const profile = JSON.parse(await readFile(path.join(dir, file), "utf8")) as {
      nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
      samples: number[];
    };
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    for (const id of profile.samples) {
      const frame = byId.get(id)?.callFrame;
      if (!frame || frame.functionName === "(idle)") continue;
      const where = frame.url.replace(/^.*\/(node_modules|\.next)\//, "$1/").replace(/^file:\/\//, "");
      const key = `${frame.functionName || "(anonymous)"} ${where}${where ? `:${frame.lineNumber + 1}` : ""}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + 1);
      const a = area(frame.functionName, frame.url);
      byArea.set(a, (byArea.get(a) ?? 0) + 1);
      busy++;
    }
  }
  const shares = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([fn, count]) => ({ share: `${((100 * count) / busy).toFixed(1)}%`, fn }));
  return { areas: shares(byArea, 20), functions: shares(byFunction, limit) };
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : 0);
const verdict = (ok: boolean) => (ok ? "met" : "MISSED");

/** Share of the machine's CPU time that was busy over `ms` (from /proc/stat): other work on the machine. */
async function machineBusy(ms = 2000): Promise<number> {
  const read = async () => {
    const fields = ((await readFile("/proc/stat", "utf8")).split("\n")[0] ?? "")
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { idle, total: fields.reduce((a, b) => a + b, 0) };
  };
  const a = await read();
  await sleep(ms);
  const b = await read();
  return b.total > a.total ? round(1 - (b.idle - a.idle) / (b.total - a.total), 2) : 0;
}

/** Email jobs the drain figure is measured on: a few seconds' worth at the target rate. */
const DRAIN_EMAILS = Math.max(1000, JOB_TARGETS.drainPerSecond * SECONDS);

function jobRows(jobs: JobFigures): string[][] {
  return [
    [
      "queueing an email, added to a transaction's p50",
      `${jobs.enqueueAddsP50Ms} ms (${jobs.transactionP50Ms} → ${jobs.withEnqueueP50Ms} ms)`,
      "",
      `≤ ${JOB_TARGETS.enqueueAddsP50Ms} ms`,
      verdict(jobs.enqueueAddsP50Ms <= JOB_TARGETS.enqueueAddsP50Ms),
    ],
    [
      `email jobs drained to the mailbox (${jobs.concurrency} at once)`,
      `${jobs.drainPerSecond}/s (${jobs.emails} in ${jobs.drainSeconds} s, ${jobs.cpuMsPerEmail} ms CPU each)`,
      "",
      `≥ ${JOB_TARGETS.drainPerSecond}/s`,
      verdict(jobs.drainPerSecond >= JOB_TARGETS.drainPerSecond),
    ],
  ];
}

function suggestRows(suggest: SuggestFigures): string[][] {
  return [
    [
      `search suggestions p50 / p95 (${suggest.connections} conn., ${suggest.products} products)`,
      `${suggest.p50} / ${suggest.p95} ms`,
      `${suggest.rps}/s`,
      `p95 ≤ ${SUGGEST_TARGETS.p95Ms} ms`,
      verdict(suggest.failed === 0 && suggest.p95 <= SUGGEST_TARGETS.p95Ms),
    ],
    [
      "search suggestions, a text never asked before (1 conn.) p50 / p95",
      `${suggest.uncached.p50} / ${suggest.uncached.p95} ms`,
      "",
      "",
      "",
    ],
  ];
}

function printTable(lines: string[][]) {
  const widths = lines[0]?.map((_, i) => Math.max(...lines.map((r) => (r[i] ?? "").length))) ?? [];
  for (const line of lines)
    console.log(
      line
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    );
}

/** BENCH_ONLY=jobs: the job queue's figures alone, on a fresh bench database (printed, not written). */
async function jobsOnly() {
  const busyBefore = await machineBusy();
  const pg = await startPostgres();
  try {
    const databaseUrl = await createStoreDatabase(pg.serverUrl, "bench");
    const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
    try {
      await createBenchCatalogue(sql);
    } finally {
      await sql.end({ timeout: 1 });
    }
    const jobs = await jobsScenario(databaseUrl, CHECKOUT_BODY, sku(1), DRAIN_EMAILS);
    console.log(`
${os.cpus().length} CPUs, ${Math.round(busyBefore * 100)}% busy before the run`);
    printTable([["", "measured", "", "target", ""], ...jobRows(jobs)]);
  } finally {
    await pg.close();
  }
}

/** BENCH_ONLY=suggest: the suggestions' figure alone, on a fresh bench database (printed, not written). */
async function suggestOnly() {
  buildStore();
  const busyBefore = await machineBusy();
  const pg = await startPostgres();
  const stops: (() => Promise<unknown>)[] = [() => pg.close()];
  try {
    const databaseUrl = await createStoreDatabase(pg.serverUrl, "bench");
    const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
    stops.unshift(() => sql.end({ timeout: 1 }));
    await createBenchCatalogue(sql);
    const products = await createSearchCatalogue(sql);
    const store = await startStore({ databaseUrl });
    stops.unshift(() => store.stop(15_000));
    const suggest = await suggestScenario(store.url, SECONDS, products);
    // The header's search box is on every page: the product page's JavaScript budget is checked with it.
    const productJs = await firstLoadJsKb(
      store.url,
      { name: "product", path: `/products/${PRODUCT_SLUG}` },
      process.cwd(),
    );
    console.log(`
${SECONDS} s, ${os.cpus().length} CPUs, ${Math.round(busyBefore * 100)}% busy before the run`);
    printTable([
      ["", "measured", "", "target", ""],
      ...suggestRows(suggest),
      [
        "first-load JS of the product page (gzip)",
        `${productJs} kB`,
        "",
        `≤ ${TARGETS.productPageJsKb} kB`,
        verdict(productJs <= TARGETS.productPageJsKb),
      ],
    ]);
    if (suggest.failed) console.log(`failed requests: ${suggest.failed}`);
  } finally {
    for (const stop of stops) await stop();
  }
}

async function main() {
  if (process.env.BENCH_ONLY === "jobs") return jobsOnly();
  if (process.env.BENCH_ONLY === "suggest") return suggestOnly();
  buildStore();
  await sleep(3000); // let the build's last processes exit before sampling the machine
  const busyBefore = await machineBusy();
  if (busyBefore > 0.1) {
    console.warn(
      `warning: ${Math.round(busyBefore * 100)}% of the CPU was busy before the run: other work shares it`,
    );
  }
  const pg = await startPostgres({ statStatements: true });
  const stops: (() => Promise<unknown>)[] = [() => pg.close()];
  try {
    const databaseUrl = await createStoreDatabase(pg.serverUrl, "bench");
    const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
    stops.unshift(() => sql.end({ timeout: 1 }));
    await sql`create extension if not exists pg_stat_statements`;
    const [{ version } = { version: "?" }] = await sql<{ version: string }[]>`select version()`;
    await createBenchCatalogue(sql);

    const profileDir = path.join(os.tmpdir(), `store-bench-profile-${process.pid}`);
    const store = await startStore({
      databaseUrl,
      nodeArgs: PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
      env: STORE_NODE_OPTIONS ? { NODE_OPTIONS: STORE_NODE_OPTIONS } : {},
    });
    stops.unshift(() => store.stop(15_000));
    const baseline = await startBaseline(databaseUrl);
    stops.unshift(async () => baseline.child.kill("SIGTERM"));
    const pid = store.child.pid as number;

    let peakRssKb = 0;
    let scenario = "start";
    const peakRssMbBy: Record<string, number> = {};
    const sampler = setInterval(() => {
      void treeRssKb(pid).then(({ total }) => {
        peakRssKb = Math.max(peakRssKb, total);
        peakRssMbBy[scenario] = Math.max(peakRssMbBy[scenario] ?? 0, Math.round(total / 1024));
      });
    }, 250);
    stops.unshift(async () => clearInterval(sampler));

    const log = (what: string, name?: string) => {
      if (name) scenario = name;
      console.log(`[${new Date().toISOString().slice(11, 19)}] ${what}`);
    };
    const spreadSku = () => sku(1 + Math.floor(Math.random() * (SPREAD_SKUS - 1)));

    const onStore = { pid, sql };
    const onBaseline = { pid: baseline.child.pid as number, sql };
    log(`flash sale: baseline, ${CONNECTIONS} connections, ${SECONDS} s`, "flash");
    const flashBaseline = await measure(
      { url: baseline.url, requests: claimRequests("baseline", () => HOT_SKU) },
      onBaseline,
    );
    log("flash sale: store");
    const flashStore = await measure(
      { url: store.url, requests: claimRequests("store", () => HOT_SKU) },
      onStore,
    );
    await sql`vacuum analyze`;
    log("spread over 10,000 SKUs: baseline", "spread");
    const spreadBaseline = await measure(
      { url: baseline.url, requests: claimRequests("baseline", spreadSku) },
      onBaseline,
    );
    log("spread: store");
    const spreadStore = await measure(
      { url: store.url, requests: claimRequests("store", spreadSku) },
      onStore,
    );
    await sql`vacuum analyze`;
    log("static file from public/", "static");
    const staticFile = await measure({ url: `${store.url}${STATIC_FILE}` }, onStore);
    log(`product page /products/${PRODUCT_SLUG}`, "productPage");
    const productPage = await measure({ url: `${store.url}/products/${PRODUCT_SLUG}` }, onStore);
    log(`checkout, cash on delivery, ${CHECKOUT_CONNECTIONS} connections`, "checkout");
    const checkout = await checkoutScenario(store, sql);
    log(`job queue: queueing an email, then ${DRAIN_EMAILS} email jobs drained by a worker`, "jobs");
    const jobs = await jobsScenario(databaseUrl, CHECKOUT_BODY, sku(1), DRAIN_EMAILS);
    log(`search suggestions, ${SUGGEST_TARGETS.connections} connections`, "suggest");
    const suggest = await suggestScenario(store.url, SECONDS, await createSearchCatalogue(sql));

    clearInterval(sampler);
    let lighthouse: PageAudit[] | undefined;
    if (LIGHTHOUSE) {
      log("Lighthouse (mobile) on home, a category, a product, the cart and the checkout", "lighthouse");
      lighthouse = await auditPages(store.url, await lighthousePages(store, sql), process.cwd());
    }
    let profile: Awaited<ReturnType<typeof profileSummary>> | undefined;
    if (PROFILE) {
      await store.stop(15_000);
      profile = await profileSummary(profileDir);
      await rm(profileDir, { recursive: true, force: true });
    }

    const results = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model ?? "?",
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        busyBeforeRun: busyBefore,
        loadAverageAfter: round(os.loadavg()[0] ?? 0, 2),
      },
      node: process.version,
      postgres: version.split(" on ")[0],
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      connections: CONNECTIONS,
      profiled: PROFILE,
      storeNodeOptions: STORE_NODE_OPTIONS || null,
      scenarios: {
        flash: {
          baseline: flashBaseline,
          store: flashStore,
          ratio: ratio(flashStore.rps, flashBaseline.rps),
        },
        spread: {
          baseline: spreadBaseline,
          store: spreadStore,
          ratio: ratio(spreadStore.rps, spreadBaseline.rps),
        },
        productPage: { static: staticFile, page: productPage, ratio: ratio(productPage.rps, staticFile.rps) },
        checkout,
        jobs,
        suggest,
        peakRssMb: Math.round(peakRssKb / 1024),
        peakRssMbByScenario: peakRssMbBy,
      },
      targets: { ...TARGETS, jobs: JOB_TARGETS, suggest: SUGGEST_TARGETS },
      lighthouse,
      profile,
    };
    const s = results.scenarios;
    const rows: string[][] = [
      ["", "measured", "ratio", "target", ""],
      [
        "flash sale rps (store / baseline)",
        `${flashStore.rps} / ${flashBaseline.rps}`,
        `${s.flash.ratio}×`,
        `≥ ${TARGETS.flashRatio}×`,
        verdict(s.flash.ratio >= TARGETS.flashRatio),
      ],
      [
        "flash sale p99 (store / baseline)",
        `${flashStore.p99} / ${flashBaseline.p99} ms`,
        "",
        `≤ ${TARGETS.flashP99Ms} ms`,
        verdict(flashStore.rps > 0 && flashStore.p99 <= TARGETS.flashP99Ms),
      ],
      [
        "spread rps (store / baseline)",
        `${spreadStore.rps} / ${spreadBaseline.rps}`,
        `${s.spread.ratio}×`,
        `≥ ${TARGETS.spreadRatio}×`,
        verdict(s.spread.ratio >= TARGETS.spreadRatio),
      ],
      ["spread p99 (store / baseline)", `${spreadStore.p99} / ${spreadBaseline.p99} ms`, "", "", ""],
      [
        "product page rps (page / static)",
        `${productPage.rps} / ${staticFile.rps}`,
        `${s.productPage.ratio}×`,
        `≥ ${TARGETS.productPageRatio}×`,
        verdict(s.productPage.ratio >= TARGETS.productPageRatio),
      ],
      [
        "checkout p50 / p99 (COD, 16 conn.)",
        `${checkout.p50} / ${checkout.p99} ms`,
        `${checkout.rps}/s`,
        `p50 ≤ ${TARGETS.checkoutP50Ms} ms`,
        verdict(checkout.p50 <= TARGETS.checkoutP50Ms),
      ],
      ["checkout p50, one at a time", `${checkout.soloP50} ms`, "", "", ""],
      ...jobRows(jobs),
      ...suggestRows(suggest),
      [
        "statements per checkout",
        `${checkout.statementsPerCheckout} (${checkout.transactionsPerCheckout} transactions)`,
        "",
        "",
        "",
      ],
      [
        "peak store RSS",
        `${s.peakRssMb} MB`,
        "",
        `≤ ${TARGETS.rssMb} MB`,
        verdict(s.peakRssMb <= TARGETS.rssMb),
      ],
      [
        "peak RSS by scenario",
        Object.entries(peakRssMbBy)
          .map(([k, v]) => `${k} ${v}`)
          .join(", "),
        "",
        "",
        "",
      ],
    ];
    console.log(
      `\n${SECONDS} s per run, ${CONNECTIONS} connections, ${os.cpus().length} CPUs, ${results.postgres}`,
    );
    printTable(rows);
    const errors = [flashStore, flashBaseline, spreadStore, spreadBaseline, staticFile, productPage]
      .map((l) => l.non2xx + l.errors + l.timeouts)
      .reduce((a, b) => a + b, 0);
    if (errors || checkout.failed)
      console.log(`non-2xx / errors / timeouts: ${errors}; failed checkouts: ${checkout.failed}`);

    console.log("\nwhere a request's time goes (per successful request):");
    const cost = (name: string, load: Load): string[] => [
      name,
      load.perRequest ? `${load.perRequest.serverCpuMs} ms` : "-",
      load.perRequest ? `${load.perRequest.statements}` : "-",
      load.perRequest ? `${load.perRequest.transactions}` : "-",
      load.perRequest ? `${load.perRequest.dbMs} ms` : "-",
    ];
    printTable([
      ["", "server CPU", "SQL statements", "transactions", "SQL execution"],
      cost("flash: store add-to-cart", flashStore),
      cost("flash: baseline claim", flashBaseline),
      cost("spread: store add-to-cart", spreadStore),
      cost("spread: baseline claim", spreadBaseline),
      cost("product page", productPage),
      cost("static file", staticFile),
      [
        "checkout (COD)",
        `${checkout.serverCpuMsPerCheckout} ms`,
        `${checkout.statementsPerCheckout}`,
        `${checkout.transactionsPerCheckout}`,
        `${checkout.dbMsPerCheckout} ms`,
      ],
    ]);
    if (lighthouse) {
      console.log("\nLighthouse, mobile preset (scores 0–100), and the JavaScript each page loads first:");
      printTable([
        ["page", "performance", "accessibility", "LCP", "TBT", "first-load JS (gzip)", "failed a11y audits"],
        ...lighthouse.map((page) => [
          `${page.name} ${page.path}`,
          String(page.performance ?? "-"),
          String(page.accessibility ?? "-"),
          page.lcpMs === null ? "-" : `${page.lcpMs} ms`,
          page.tbtMs === null ? "-" : `${page.tbtMs} ms`,
          `${page.firstLoadJsKb} kB`,
          page.accessibilityFailures.join(", "),
        ]),
      ]);
      const product = lighthouse.find((page) => page.name === "product");
      const lowest = Math.min(...lighthouse.map((page) => page.accessibility ?? 0));
      console.log(
        `accessibility ≥ ${TARGETS.lighthouseAccessibility} on every page: ${verdict(lowest >= TARGETS.lighthouseAccessibility)}; ` +
          `product page JS ≤ ${TARGETS.productPageJsKb} kB: ${verdict((product?.firstLoadJsKb ?? Infinity) <= TARGETS.productPageJsKb)}`,
      );
    }
    console.log("\nstatements of the checkout run, by calls per checkout:");
    for (const t of checkout.topStatements)
      console.log(`  ${String(t.perCheckout).padStart(5)}  ${t.meanMs} ms  ${t.query}`);
    if (profile) {
      console.log("\nstore CPU profile, share of busy time by area (whole run):");
      for (const p of profile.areas) console.log(`  ${p.share.padStart(6)}  ${p.fn}`);
      console.log("by function (self time):");
      for (const p of profile.functions) console.log(`  ${p.share.padStart(6)}  ${p.fn}`);
    }
    await mkdir(__dirname, { recursive: true });
    // A profiled run's figures are slowed by the profiler: kept out of bench/results.json.
    const out = PROFILE
      ? path.join(os.tmpdir(), "store-bench-profile.json")
      : path.join(__dirname, "results.json");
    await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nwritten to ${PROFILE ? out : path.relative(process.cwd(), out)}`);
  } finally {
    for (const stop of stops) await stop().catch(() => {});
  }
}

// Ctrl-C: leave through process.exit, so the servers started here are stopped (bench/store.ts).
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
