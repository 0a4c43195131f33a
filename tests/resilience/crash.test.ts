/**
 * The store killed with SIGKILL in the middle of adds and cash-on-delivery checkouts, then started again:
 * whatever was cut off left no trace in the stock, every order is whole, and once the (1-minute)
 * reservations are past their time, the cleanup route gives all abandoned stock back.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type StoreServer, sleep, startStore } from "@/bench/store";
import {
  call,
  checkoutBody,
  invariantViolations,
  onHandSnapshot,
  type Stack,
  setStock,
  startStack,
} from "./support";

// Few units of few SKUs: shoppers compete, some are refused, some checkouts find stock short.
const SKUS = ["KTS-BASIC-WHT-S", "KTS-BASIC-WHT-M", "KTS-BASIC-WHT-L", "KTS-BASIC-BLK-S", "KTS-BASIC-BLK-M"];
const STOCK = 40;
const WORKERS = 24;
const KILL_AFTER_MS = 6000;
const CRON_SECRET = randomBytes(24).toString("base64url");
const AUTH_SECRET = randomBytes(32).toString("base64url");

let stack: Stack;
let server: StoreServer | undefined;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await server?.stop();
  await stack?.close();
});

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)] as T;

interface InFlightCheckout {
  cookie: string;
  key: string;
  body: unknown;
  /** Whether any add into this cart succeeded (else the checkout can only be CART_EMPTY). */
  filled: boolean;
}

test("SIGKILL under adds and checkouts, restart: invariants hold; after the TTL all holds come back", async () => {
  for (const sku of SKUS) await setStock(stack.sql, sku, STOCK);
  const initial = await onHandSnapshot(stack.sql);
  const storeOptions = {
    databaseUrl: stack.databaseUrl,
    cronSecret: CRON_SECRET,
    authSecret: AUTH_SECRET,
    env: { RESERVATION_TTL_MINUTES: "1" },
  };
  server = await startStore(storeOptions);
  const { url, port } = server;

  let killed = false;
  const counts = {
    adds: 0,
    added: 0,
    checkouts: 0,
    placed: 0,
    cut: 0,
    statuses: {} as Record<number, number>,
  };
  const inFlight: InFlightCheckout[] = [];
  const count = (status: number) => {
    counts.statuses[status] = (counts.statuses[status] ?? 0) + 1;
  };

  async function shopper() {
    while (!killed) {
      let cookie: string | undefined;
      let filled = false;
      try {
        for (let line = 0, lines = 1 + Math.floor(Math.random() * 3); line < lines && !killed; line++) {
          counts.adds++;
          const answer = await call(url, "/api/cart/items", {
            body: { sku: pick(SKUS), qty: 1 + Math.floor(Math.random() * 3) },
            cookie,
          });
          count(answer.status);
          if (answer.cartCookie) cookie = answer.cartCookie;
          if (answer.status === 200) {
            counts.added++;
            filled = true;
          }
        }
        if (!cookie || Math.random() < 0.3) continue; // abandoned cart
        const checkout = {
          cookie,
          key: `crash-${randomBytes(8).toString("hex")}`,
          body: checkoutBody(),
          filled,
        };
        counts.checkouts++;
        inFlight.push(checkout);
        const send = () =>
          call(url, "/api/checkout", {
            body: checkout.body,
            cookie: checkout.cookie,
            headers: { "idempotency-key": checkout.key },
          });
        // Now and then the client sends the same checkout twice at once (a double click, a retry).
        const answers = Math.random() < 0.2 ? await Promise.all([send(), send()]) : [await send()];
        inFlight.splice(inFlight.indexOf(checkout), 1);
        for (const answer of answers) count(answer.status);
        if (answers.some((a) => a.status === 201)) counts.placed++;
        const numbers = new Set(answers.filter((a) => a.status === 201).map((a) => a.json.order.orderNo));
        expect(numbers.size).toBeLessThanOrEqual(1);
      } catch (error) {
        if (!killed) throw error;
        counts.cut++;
      }
    }
  }

  const load = Promise.all(Array.from({ length: WORKERS }, shopper));
  await sleep(KILL_AFTER_MS);
  killed = true;
  server.kill("SIGKILL");
  const killedAt = Date.now();
  await server.exited;
  await load;
  console.log("before the kill:", JSON.stringify(counts), `${inFlight.length} checkouts cut off`);
  expect(counts.statuses[500] ?? 0).toBe(0);
  expect(counts.statuses[503] ?? 0).toBe(0);
  expect(counts.placed).toBeGreaterThan(0);

  // The database right after the crash, before any server touches it again.
  expect(await invariantViolations(stack.sql, initial)).toEqual([]);

  server = await startStore({ ...storeOptions, port });
  expect(await invariantViolations(stack.sql, initial)).toEqual([]);

  // The clients whose checkout was cut off retry it, same key, same body, same cookie (what a client
  // does after a network error). Answered while the reservations run out, for the second test below.
  const restarted = server;
  const retries = Promise.all(
    inFlight.map(async (checkout) => {
      const answer = await call(restarted.url, "/api/checkout", {
        body: checkout.body,
        cookie: checkout.cookie,
        headers: { "idempotency-key": checkout.key },
      });
      const [order] = await stack.sql<{ order_no: string }[]>`
        select o.order_no from orders o where o.email = ${(checkout.body as { email: string }).email}`;
      return {
        status: answer.status,
        code: answer.json?.error?.code as string | undefined,
        answered: answer.json?.order?.orderNo as string | undefined,
        orderNow: order?.order_no,
        filled: checkout.filled,
      };
    }),
  );

  // Every hold is at most one minute long; wait until the last one is due.
  const [due] = await stack.sql<{ last: Date | null; active: number }[]>`
    select max(expires_at) as last, count(*)::int as active from reservations where status = 'active'`;
  expect(due?.active).toBeGreaterThan(0);
  const last = due?.last ? new Date(due.last).getTime() : Date.now();
  expect(last).toBeLessThanOrEqual(killedAt + 61_000);
  // The cleanup route wants its secret.
  expect((await call(server.url, "/api/cron/cleanup-reservations")).status).toBe(401);
  expect(
    (
      await call(server.url, "/api/cron/cleanup-reservations", {
        headers: { authorization: `Bearer ${CRON_SECRET.slice(1)}x` },
      })
    ).status,
  ).toBe(401);
  await sleep(Math.max(0, last - Date.now() + 1000));

  const cleanup = await call(server.url, "/api/cron/cleanup-reservations", {
    method: "POST",
    headers: { authorization: `Bearer ${CRON_SECRET}` },
  });
  expect(cleanup.status).toBe(200);
  expect(cleanup.json.released).toBeGreaterThan(0);

  const [left] = await stack.sql<{ reserved: number; active: number }[]>`
    select (select coalesce(sum(reserved), 0)::int from inventory) as reserved,
      (select count(*)::int from reservations where status = 'active') as active`;
  expect(left).toEqual({ reserved: 0, active: 0 });
  expect(await invariantViolations(stack.sql, initial)).toEqual([]);
  expect(server.output.join("")).not.toContain("Unhandled error");
  retried = await retries;
  console.log("checkouts retried after the restart:", JSON.stringify(retried));
});

let retried: { status: number; code?: string; answered?: string; orderNow?: string; filled: boolean }[] = [];

/**
 * A key claimed by the killed server is left `in_progress`; its lease (lib/checkout/idempotency.ts) is no
 * longer renewed, so the retry takes it over within seconds and gets a final answer, never 409
 * IDEMPOTENCY_IN_PROGRESS and never a 5xx. The order and the key's link to it commit together, so wherever
 * the kill fell in a checkout, the retry answers with that checkout's one order: the order the dead server
 * wrote (201, never CART_EMPTY), or a new one when the crash came before it, or a plain refusal such as
 * OUT_OF_STOCK.
 */
test("a checkout cut off by the crash gets its one order when retried with its key", () => {
  expect(retried.length).toBeGreaterThan(0);
  for (const r of retried) {
    expect(r.code).not.toBe("IDEMPOTENCY_IN_PROGRESS");
    expect(r.status).toBeLessThan(500);
    if (r.filled) expect(r.code).not.toBe("CART_EMPTY");
    // The shopper's order, whether the dead server wrote it or the retry did.
    if (r.orderNow) expect([r.status, r.answered]).toEqual([201, r.orderNow]);
  }
});
