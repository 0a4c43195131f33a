/**
 * One checkout, the store killed with SIGKILL at a different moment each round (before the request is
 * read, inside the order's transaction, after it committed, while the answer is on its way), then started
 * again and the same checkout sent again with its Idempotency-Key, as a client does after a network error.
 * The order and the key's link to it commit together, so every round ends with exactly one order for the
 * shopper, and the retry answers it (201), never CART_EMPTY.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type StoreServer, sleep, startStore } from "@/bench/store";
import { startFakeIyzico } from "@/tests/support/fake-iyzico";
import {
  call,
  checkoutBody,
  invariantViolations,
  onHandSnapshot,
  type Stack,
  setStock,
  startStack,
} from "./support";

const SKU = "KTS-BASIC-BLK-L";
/** Milliseconds between sending the checkout and the kill. */
const KILL_POINTS_MS = [0, 20, 40, 55, 70, 150];

let stack: Stack;
let server: StoreServer | undefined;
/** On-hand stock before either test sold anything: the invariant counts every sale since. */
let initial: Map<number, number>;

beforeAll(async () => {
  stack = await startStack();
  await setStock(stack.sql, SKU, 100);
  initial = await onHandSnapshot(stack.sql);
});

afterAll(async () => {
  await server?.stop();
  await stack?.close();
});

test("a checkout killed at many points: the retry with its key answers the shopper's one order", async () => {
  const options = {
    databaseUrl: stack.databaseUrl,
    cronSecret: randomBytes(24).toString("base64url"),
    authSecret: randomBytes(32).toString("base64url"),
  };
  server = await startStore(options);
  const port = server.port;
  const rounds: {
    killAfterMs: number;
    firstAnswer: number | "cut";
    /** Whether the killed server had written the order (then the retry must answer that one). */
    orderBeforeRetry: boolean;
    retry: number;
    orders: number;
  }[] = [];

  for (const killAfterMs of KILL_POINTS_MS) {
    const running: StoreServer = server;
    const added = await call(running.url, "/api/cart/items", { body: { sku: SKU, qty: 1 } });
    expect(added.status).toBe(200);
    const cookie = added.cartCookie;
    const checkout = { body: checkoutBody(), key: `kill-${killAfterMs}-${randomBytes(6).toString("hex")}` };
    const send = (url: string) =>
      call(url, "/api/checkout", {
        body: checkout.body,
        cookie,
        headers: { "idempotency-key": checkout.key },
      });

    const first = send(running.url).catch(() => null);
    await sleep(killAfterMs);
    running.kill("SIGKILL");
    await running.exited;
    const firstAnswer = await first;

    server = await startStore({ ...options, port });
    const [before] = await stack.sql<{ n: number }[]>`
      select count(*)::int as n from orders where email = ${checkout.body.email}`;
    const retry = await send(server.url);
    const placed = await stack.sql<{ order_no: string }[]>`
      select order_no from orders where email = ${checkout.body.email}`;
    rounds.push({
      killAfterMs,
      firstAnswer: firstAnswer?.status ?? "cut",
      orderBeforeRetry: (before?.n ?? 0) > 0,
      retry: retry.status,
      orders: placed.length,
    });

    expect(retry.status, `killed after ${killAfterMs} ms`).toBe(201);
    expect(placed).toHaveLength(1);
    expect(retry.json.order.orderNo).toBe(placed[0]?.order_no);
    if (firstAnswer?.status === 201) expect(firstAnswer.json.order.orderNo).toBe(placed[0]?.order_no);
    expect(await invariantViolations(stack.sql, initial)).toEqual([]);
  }
  console.log("kill points:", JSON.stringify(rounds));
  // The kills did land inside checkouts, not only before or after them.
  expect(rounds.filter((round) => round.firstAnswer === "cut").length).toBeGreaterThan(0);
});

/**
 * The window between the order's commit and the answer is widest for a card order: the provider is called
 * in between. With iyzico slow to answer, the kill lands after the order is written and before its payment
 * is opened; the retry finds the order through its key, opens the payment and answers it.
 */
test("a card checkout killed while the provider is answering: the retry opens the payment of that order", async () => {
  const iyzico = await startFakeIyzico({ apiKey: "sandbox-crash-key", secretKey: "sandbox-crash-secret" });
  const options = {
    databaseUrl: stack.databaseUrl,
    cronSecret: randomBytes(24).toString("base64url"),
    authSecret: randomBytes(32).toString("base64url"),
    env: {
      IYZICO_API_KEY: "sandbox-crash-key",
      IYZICO_SECRET_KEY: "sandbox-crash-secret",
      IYZICO_BASE_URL: iyzico.url,
    },
  };
  try {
    await server?.stop();
    server = await startStore(options);
    for (let round = 0; round < 3; round++) {
      const running: StoreServer = server;
      const added = await call(running.url, "/api/cart/items", { body: { sku: SKU, qty: 1 } });
      const cookie = added.cartCookie;
      const checkout = {
        body: checkoutBody({ paymentMethod: "card" }),
        key: `card-${randomBytes(6).toString("hex")}`,
      };
      const send = (url: string) =>
        call(url, "/api/checkout", {
          body: checkout.body,
          cookie,
          headers: { "idempotency-key": checkout.key },
        });
      iyzico.setDelay(3000);
      const first = send(running.url).catch(() => null);
      // Until the order is written and the store is waiting for iyzico.
      for (let waited = 0; waited < 5000; waited += 25) {
        const [row] = await stack.sql<{ n: number }[]>`
          select count(*)::int as n from orders where email = ${checkout.body.email}`;
        if ((row?.n ?? 0) > 0) break;
        await sleep(25);
      }
      running.kill("SIGKILL");
      await running.exited;
      expect(await first).toBeNull();
      iyzico.setDelay(0);

      server = await startStore({ ...options, port: running.port });
      const retry = await send(server.url);
      const placed = await stack.sql<{ order_no: string; status: string }[]>`
        select order_no, status from orders where email = ${checkout.body.email}`;
      expect(retry.status).toBe(201);
      expect(placed).toHaveLength(1);
      expect(retry.json.order.orderNo).toBe(placed[0]?.order_no);
      expect(retry.json.payment).toMatchObject({ provider: "iyzico", token: expect.any(String) });
      expect(placed[0]?.status).toBe("pending_payment");
      expect(await invariantViolations(stack.sql, initial)).toEqual([]);
    }
  } finally {
    await iyzico.close();
  }
});
