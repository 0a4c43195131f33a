/**
 * PostgreSQL stopped for ~10 s under load (fast shutdown: open connections are cut), then started again.
 * While it is down the API answers 503 SERVICE_UNAVAILABLE in its error shape (nothing internal, no
 * hang), /api/health answers 503, and once it is back the same server process serves again by itself.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { type StoreServer, sleep, startStore } from "@/bench/store";
import {
  type Answer,
  call,
  internalLeaks,
  invariantViolations,
  isServiceUnavailable,
  type Stack,
  setStock,
  startStack,
} from "./support";

const OUTAGE_MS = 10_000;
const WORKERS = 12;
const SKU = "KTS-BASIC-BLK-M";

let stack: Stack;
let server: StoreServer;

beforeAll(async () => {
  stack = await startStack();
  await setStock(stack.sql, SKU, 100_000);
  server = await startStore({ databaseUrl: stack.databaseUrl });
});

afterAll(async () => {
  await server?.stop();
  await stack?.close();
});

interface Record {
  at: number;
  op: string;
  answer?: Answer;
  error?: string;
}

const OPS: { op: string; run: (url: string, cookie?: string) => Promise<Answer> }[] = [
  { op: "add", run: (url, cookie) => call(url, "/api/cart/items", { body: { sku: SKU, qty: 1 }, cookie }) },
  { op: "cart", run: (url, cookie) => call(url, "/api/cart", { cookie }) },
  { op: "list", run: (url) => call(url, "/api/products?limit=5&q=tisort") },
  { op: "product", run: (url) => call(url, "/api/products/kadin-pamuklu-basic-tisort") },
  {
    op: "rates",
    run: (url, cookie) => call(url, "/api/shipping/rates?country=TR&postalCode=34710", { cookie }),
  },
  { op: "health", run: (url) => call(url, "/api/health") },
];

test("PostgreSQL down for 10 s under load: 503 in the error shape, then the store recovers by itself", async () => {
  const records: Record[] = [];
  let running = true;
  const pid = server.child.pid;

  async function worker(index: number) {
    let cookie: string | undefined;
    for (let i = index; running; i++) {
      const { op, run } = OPS[i % OPS.length] as (typeof OPS)[number];
      const at = Date.now();
      try {
        const answer = await run(server.url, cookie);
        if (answer.cartCookie) cookie = answer.cartCookie;
        records.push({ at, op, answer });
      } catch (error) {
        records.push({ at, op, error: String((error as Error).cause ?? error) });
        await sleep(100);
      }
    }
  }

  const load = Promise.all(Array.from({ length: WORKERS }, (_, i) => worker(i)));
  await sleep(2000);
  const stopAt = Date.now();
  await stack.pg.stop();
  const downAt = Date.now();
  await sleep(OUTAGE_MS);
  const startAt = Date.now();
  await stack.pg.start();
  const upAt = Date.now();

  // Recovery: the same process serves a cart add and a healthy /api/health again, on its own.
  let recoveredAt: number | undefined;
  while (Date.now() - upAt < 30_000) {
    const [add, health] = await Promise.all([
      call(server.url, "/api/cart/items", { body: { sku: SKU, qty: 1 } }),
      call(server.url, "/api/health"),
    ]);
    if (add.status === 200 && health.status === 200) {
      recoveredAt = Date.now();
      break;
    }
    await sleep(250);
  }
  await sleep(2000);
  running = false;
  await load;
  console.log(
    `stop took ${downAt - stopAt} ms, start ${upAt - startAt} ms, recovered ${recoveredAt ? recoveredAt - upAt : "never"} ms after start; ${records.length} requests`,
  );

  expect(server.child.pid).toBe(pid);
  expect(server.child.exitCode).toBeNull();
  expect(recoveredAt).toBeDefined();

  // No hang, no refused connection: every request got an answer.
  expect(records.filter((r) => r.error).map((r) => `${r.op}: ${r.error}`)).toEqual([]);
  const answered = records.filter((r): r is Required<Pick<Record, "answer">> & Record => Boolean(r.answer));
  const summary: { [key: string]: number } = {};
  for (const r of answered) {
    const key = `${r.op} ${r.answer.status}${r.answer.json?.error ? ` ${r.answer.json.error.code}` : ""}`;
    summary[key] = (summary[key] ?? 0) + 1;
  }
  console.log(JSON.stringify(summary, null, 1));

  // Only success, the expected business answers, or a 503 in the API error shape.
  const wrong = answered.filter(({ op, answer }) => {
    if (answer.status === 200) return false;
    if (op === "health") return !(answer.status === 503 && answer.json?.ok === false);
    return !isServiceUnavailable(answer);
  });
  expect(wrong.map((r) => `${r.op} ${r.answer.status} ${r.answer.text.slice(0, 300)}`)).toEqual([]);
  for (const { answer } of answered) expect(internalLeaks(answer.text)).toEqual([]);
  // Fast answers, not hangs: at worst one connection attempt (connect_timeout 5 s) after the reconnect
  // wait, capped at 1 s in db/client.ts (postgres.js's own backoff grows to 20 s: answers took 10–20 s).
  const slowest = Math.max(...answered.map((r) => r.answer.ms));
  console.log(`slowest answer: ${Math.round(slowest)} ms`);
  expect(slowest).toBeLessThan(9000);
  for (const { answer } of answered.filter((r) => r.answer.status === 503)) {
    expect(answer.headers.get("retry-after")).toBe("5");
  }

  // While the database was down (after the first second), writes and health said so.
  const during = answered.filter((r) => r.at > downAt + 1000 && r.at + r.answer.ms < startAt);
  for (const op of ["add", "cart", "health"]) {
    const seen = during.filter((r) => r.op === op);
    expect(seen.length, op).toBeGreaterThan(0);
    expect(
      seen.every((r) => r.answer.status === 503),
      `${op}: ${seen.map((r) => r.answer.status)}`,
    ).toBe(true);
  }
  // After recovery, everything succeeds again.
  const after = answered.filter((r) => recoveredAt !== undefined && r.at > recoveredAt);
  expect(after.length).toBeGreaterThan(0);
  expect(after.filter((r) => r.answer.status !== 200).map((r) => `${r.op} ${r.answer.status}`)).toEqual([]);

  expect(await invariantViolations(stack.sql)).toEqual([]);
  expect(server.output.join("")).not.toContain("Unhandled error");
});
