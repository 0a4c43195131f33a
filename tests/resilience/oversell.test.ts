/**
 * Guarantee 1 across processes: two `next start` instances on one database, 500 shoppers (each a fresh
 * cookie jar, so a fresh cart) add the same 10-unit SKU at the same moment. Exactly 10 get it.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { type StoreServer, startStore } from "@/bench/store";
import { type Answer, call, invariantViolations, type Stack, setStock, startStack } from "./support";

const SKU = "KTS-BASIC-WHT-M";
const STOCK = 10;
const SHOPPERS = 500;

let stack: Stack;
let servers: StoreServer[] = [];

beforeAll(async () => {
  stack = await startStack();
  const authSecret = "resilience-auth-secret-0123456789abcdef";
  servers = await Promise.all([0, 1].map(() => startStore({ databaseUrl: stack.databaseUrl, authSecret })));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await stack?.close();
});

test(`${SHOPPERS} concurrent adds of a ${STOCK}-unit SKU over two servers: exactly ${STOCK} succeed`, async () => {
  const variantId = await setStock(stack.sql, SKU, STOCK);
  // Both servers warm (first request compiles nothing in production, but opens the pools).
  for (const s of servers) expect((await call(s.url, "/api/cart")).status).toBe(200);

  const answers: (Answer | Error)[] = await Promise.all(
    Array.from({ length: SHOPPERS }, (_, i) => {
      const server = servers[i % servers.length] as StoreServer;
      return call(server.url, "/api/cart/items", { body: { sku: SKU, qty: 1 }, timeoutMs: 60_000 }).catch(
        (error: Error) => error,
      );
    }),
  );

  const failures = answers.filter((a): a is Error => a instanceof Error);
  expect(failures.map((f) => f.message)).toEqual([]);
  const ok = answers.filter((a): a is Answer => !(a instanceof Error) && a.status === 200);
  const refused = answers.filter((a): a is Answer => !(a instanceof Error) && a.status === 409);
  const other = answers.filter(
    (a): a is Answer => !(a instanceof Error) && a.status !== 200 && a.status !== 409,
  );
  expect(other.map((a) => `${a.status} ${a.text.slice(0, 200)}`)).toEqual([]);
  expect(ok).toHaveLength(STOCK);
  expect(refused).toHaveLength(SHOPPERS - STOCK);
  for (const a of refused) {
    expect(a.json.error.code).toBe("OUT_OF_STOCK");
    expect(a.json.error.details.available).toBe(0);
  }
  // Each winner got its own cart holding the one unit.
  const carts = new Set(ok.map((a) => a.json.id));
  expect(carts.size).toBe(STOCK);
  for (const a of ok) expect(a.json.items).toMatchObject([{ sku: SKU, qty: 1 }]);
  // Both instances served winners or losers: the load really was spread.
  const perServer = servers.map(
    (_server, index) =>
      answers.filter((_, i) => i % servers.length === index && !(answers[i] instanceof Error)).length,
  );
  expect(perServer.every((n) => n > 0)).toBe(true);

  const [row] = await stack.sql<{ on_hand: number; reserved: number; held: number; holds: number }[]>`
    select i.on_hand, i.reserved,
      (select coalesce(sum(qty), 0)::int from reservations where variant_id = i.variant_id and status = 'active') as held,
      (select count(*)::int from reservations where variant_id = i.variant_id and status = 'active') as holds
    from inventory i where i.variant_id = ${variantId}`;
  expect(row).toEqual({ on_hand: STOCK, reserved: STOCK, held: STOCK, holds: STOCK });
  expect(await invariantViolations(stack.sql)).toEqual([]);
  // Nothing was logged as an unhandled error by either server.
  for (const s of servers) expect(s.output.join("")).not.toContain("Unhandled error");
});
