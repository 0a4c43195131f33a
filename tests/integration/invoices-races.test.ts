import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { issueInvoice } from "@/lib/invoices/service";
import { transitionOrder } from "@/lib/orders/staff";
import { receiveStripeEvent } from "@/lib/payments/events";
import { offlineOrder, unpaidCardOrder } from "./admin-support";
import { extraPool, q, startFakeStripeEnv } from "./checkout-support";

// Invoice numbers under load: 50 orders invoiced at the same moment (25 card payments arriving as Stripe
// webhooks, 25 offline orders confirmed by staff), each on its own connection, get 50 distinct numbers
// with no gap, and every order exactly one invoice even with each notification sent twice.

const fake = await startFakeStripeEnv();
const db = getDb();
const pool = extraPool(50);

beforeAll(async () => {
  await pool.db.execute(sql`select 1`);
});

afterAll(async () => {
  await pool.client.end({ timeout: 5 });
  await fake.close();
});

it("numbers 50 concurrent invoices without gaps or repeats, one per order", async () => {
  const cards = [];
  for (let i = 0; i < 25; i++) cards.push(await unpaidCardOrder(db, `INVR-C${i}`, { qty: 1 }));
  const offline = [];
  for (let i = 0; i < 25; i++) {
    offline.push(
      await offlineOrder(db, `INVR-O${i}`, { qty: 1, method: i % 2 ? "bank_transfer" : "cash_on_delivery" }),
    );
  }
  const events = [];
  for (const order of cards)
    events.push((await fake.succeed(order.intentId)).event as unknown as Stripe.Event);

  const staff = { actor: "Deniz (staff)", locale: "tr" as const };
  const results = await Promise.allSettled([
    ...events.flatMap((event) => [receiveStripeEvent(pool.db, event), receiveStripeEvent(pool.db, event)]),
    ...offline.map((order) => transitionOrder(pool.db, order.orderNo, { to: "processing" }, staff)),
  ]);
  expect(results.filter((r) => r.status === "rejected")).toEqual([]);

  const orderIds = [...cards, ...offline].map((o) => o.orderId);
  const invoices = await q<{ order_id: string; series: string; year: number; seq: number; number: string }>(
    db,
    sql`select order_id, series, year, seq, number from invoices where kind = 'invoice' and order_id in ${orderIds}`,
  );
  expect(invoices).toHaveLength(50);
  expect(new Set(invoices.map((i) => i.order_id)).size).toBe(50);
  expect(new Set(invoices.map((i) => i.number)).size).toBe(50);

  // No gap across the whole series and year: its numbers are exactly 1..N, and the counter says N.
  const year = invoices[0]?.year ?? 0;
  const all = await q<{ seq: number }>(
    db,
    sql`select seq from invoices where series = 'CRS' and year = ${year} order by seq`,
  );
  expect(all.map((r) => r.seq)).toEqual(all.map((_, i) => i + 1));
  const [counter] = await q<{ last: number }>(
    db,
    sql`select last from invoice_counters where series = 'CRS' and year = ${year}`,
  );
  expect(counter?.last).toBe(all.length);
}, 120_000);

it("gives a number back when the invoicing transaction rolls back", async () => {
  const order = await offlineOrder(db, "INVR-RB", { qty: 1 });
  const year = () =>
    q<{ last: number }>(
      db,
      sql`select last from invoice_counters where series = 'CRS' order by year desc limit 1`,
    );
  const [before] = await year();
  await expect(
    db.transaction(async (tx) => {
      await issueInvoice(tx, order.orderId, new Date());
      throw new Error("the payment's transaction failed after invoicing");
    }),
  ).rejects.toThrow("failed after invoicing");
  expect((await year())[0]?.last).toBe(before?.last);
  const made = await db.transaction((tx) => issueInvoice(tx, order.orderId, new Date()));
  expect(made.number.endsWith(String((before?.last ?? 0) + 1).padStart(9, "0"))).toBe(true);
});
