// The staff dashboard's figures (lib/admin/dashboard.ts) against real PostgreSQL: orders, carts and
// reservations inserted with known totals and times, Istanbul (UTC+3) day and month boundaries.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { type Dashboard, dashboard } from "@/lib/admin/dashboard";
import { getDb } from "@/lib/db";
import { makeSkus, q } from "./checkout-support";

const db = getDb();
// 12:00 in Istanbul on Sunday 15 March 2026.
const NOW = new Date("2026-03-15T09:00:00Z");
const MINUTE = 60_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

const address = {
  name: "Test",
  line1: "Sokak 1",
  city: "İstanbul",
  postalCode: "34000",
  country: "TR",
  phone: "5550000000",
};

interface OrderSpec {
  placedAt: string;
  status: string;
  method: "card" | "cash_on_delivery" | "bank_transfer";
  total: number;
  refunded?: number;
  currency?: string;
}

async function order(spec: OrderSpec): Promise<string> {
  const [row] = await q<{ id: string }>(
    db,
    sql`insert into orders (order_no, email, locale, status, payment_method, currency, subtotal, discount, shipping,
        tax, fees, total, tax_included, pricing, shipping_address, billing_address, shipping_method, refunded,
        placed_at, updated_at)
      values (${`DASH-${randomBytes(5).toString("hex")}`}, 'dash@example.com', 'tr', ${spec.status}, ${spec.method},
        ${spec.currency ?? "TRY"}, ${spec.total}, 0, 0, 0, 0, ${spec.total}, true, '{}'::jsonb,
        ${JSON.stringify(address)}::jsonb, ${JSON.stringify(address)}::jsonb, '{}'::jsonb, ${spec.refunded ?? 0},
        ${spec.placedAt}::timestamptz, ${spec.placedAt}::timestamptz)
      returning id`,
  );
  if (!row) throw new Error("order insert failed");
  return row.id;
}

async function cart(lastActivityAt: string, variantId: number | null): Promise<string> {
  const [row] = await q<{ id: string }>(
    db,
    sql`insert into carts (currency, created_at, updated_at, last_activity_at)
      values ('TRY', ${lastActivityAt}::timestamptz, ${lastActivityAt}::timestamptz, ${lastActivityAt}::timestamptz)
      returning id`,
  );
  if (!row) throw new Error("cart insert failed");
  if (variantId !== null)
    await db.execute(sql`insert into cart_items (cart_id, variant_id, qty, unit_price)
      values (${row.id}, ${variantId}, 1, 12500)`);
  return row.id;
}

async function reservation(
  cartId: string,
  variantId: number,
  qty: number,
  status: string,
  expiresAt: string,
) {
  await db.execute(sql`insert into reservations (variant_id, cart_id, qty, status, expires_at)
    values (${variantId}, ${cartId}, ${qty}, ${status}, ${expiresAt}::timestamptz)`);
}

let result: Dashboard;
let lowSku: string;
let plentySku: string;

beforeAll(async () => {
  // This file's own copy of the database: start from no orders, carts or reservations.
  await db.execute(sql`delete from reservations`);
  await db.execute(sql`delete from carts`);
  await db.execute(sql`delete from orders`);

  // Today (15 March, Istanbul): 10 000 + 5 000 + (20 000 − 5 000) = 30 000 over 3 orders.
  await order({ placedAt: "2026-03-14T21:30:00Z", status: "paid", method: "card", total: 10_000 }); // 00:30 IST
  await order({
    placedAt: "2026-03-15T05:00:00Z",
    status: "awaiting_confirmation",
    method: "cash_on_delivery",
    total: 5_000,
  });
  await order({
    placedAt: "2026-03-15T06:00:00Z",
    status: "partially_refunded",
    method: "card",
    total: 20_000,
    refunded: 5_000,
  });
  await order({ placedAt: "2026-03-15T07:00:00Z", status: "payment_failed", method: "card", total: 8_000 });
  await order({ placedAt: "2026-03-15T07:30:00Z", status: "pending_payment", method: "card", total: 3_000 });
  await order({
    placedAt: "2026-03-15T07:45:00Z",
    status: "cancelled",
    method: "cash_on_delivery",
    total: 2_000,
  });
  // Another currency and a future order: never counted.
  await order({
    placedAt: "2026-03-15T08:00:00Z",
    status: "paid",
    method: "card",
    total: 99_999,
    currency: "EUR",
  });
  await order({ placedAt: "2026-03-15T10:00:00Z", status: "paid", method: "card", total: 77_777 });
  // 23:30 on 14 March in Istanbul (UTC date 14th): this month, not today.
  await order({ placedAt: "2026-03-14T20:30:00Z", status: "delivered", method: "card", total: 7_000 });
  // Fully refunded: adds 0 and is not an order of the period.
  await order({
    placedAt: "2026-03-10T10:00:00Z",
    status: "refunded",
    method: "card",
    total: 4_000,
    refunded: 4_000,
  });
  // Paid after a failed attempt: revenue and a payment failure.
  const retried = await order({
    placedAt: "2026-03-05T10:00:00Z",
    status: "paid",
    method: "card",
    total: 6_000,
  });
  await db.execute(sql`insert into order_events (order_id, type, from_status, to_status, created_at)
    values (${retried}, 'payment_failed', 'pending_payment', 'payment_failed', '2026-03-05T10:05:00Z')`);
  // 00:30 on 1 March in Istanbul (still 28 February in UTC): this month.
  await order({ placedAt: "2026-02-28T21:30:00Z", status: "shipped", method: "bank_transfer", total: 9_000 });
  // 23:30 on 28 February in Istanbul: last month, but inside the 30-day chart.
  await order({ placedAt: "2026-02-28T20:30:00Z", status: "delivered", method: "card", total: 11_000 });
  // Outside the chart and the month.
  await order({ placedAt: "2026-01-10T10:00:00Z", status: "delivered", method: "card", total: 50_000 });

  const [low, plenty] = await makeSkus(db, "DASH", [2, 50]);
  if (!low || !plenty) throw new Error("setup failed");
  lowSku = low.sku;
  plentySku = plenty.sku;

  const active = await cart(ago(10 * MINUTE), plenty.id);
  const idle = await cart(ago(2 * 60 * MINUTE), plenty.id);
  const old = await cart(ago(5 * 24 * 60 * MINUTE), plenty.id);
  await cart(ago(40 * 24 * 60 * MINUTE), plenty.id); // older than 30 days
  await cart(ago(3 * 60 * MINUTE), null); // no items

  await reservation(active, plenty.id, 2, "active", new Date(NOW.getTime() + 10 * MINUTE).toISOString());
  await reservation(idle, plenty.id, 3, "active", new Date(NOW.getTime() + 20 * MINUTE).toISOString());
  await reservation(old, plenty.id, 5, "active", ago(MINUTE)); // expired, not yet swept
  await reservation(active, low.id, 4, "completed", ago(MINUTE));

  result = await dashboard(db, NOW, { currency: "TRY", lowStockThreshold: 3, lowStockLimit: 10_000 });
});

describe("admin dashboard", () => {
  it("counts today's revenue and orders by the Istanbul day", () => {
    expect(result.today).toBe("2026-03-15");
    expect(result.todayStats).toEqual({ revenue: 30_000, orders: 3, averageOrderValue: 10_000 });
  });

  it("counts this month from the 1st in Istanbul, net of refunds", () => {
    // 30 000 today + 7 000 (14th) + 0 (refunded) + 6 000 (5th) + 9 000 (1st, 00:30 Istanbul).
    expect(result.monthStats).toEqual({
      revenue: 52_000,
      orders: 6,
      averageOrderValue: Math.round(52_000 / 6),
    });
    expect(result.currency).toBe("TRY");
  });

  it("computes the card payment failure rate of the month", () => {
    expect(result.payments).toEqual({ cardOrders: 7, failed: 2, rate: 2 / 7 });
  });

  it("computes the abandoned-cart rate over the last 30 days", () => {
    expect(result.carts).toEqual({ withItems: 3, abandoned: 2, rate: 2 / 3 });
  });

  it("counts active, unexpired reservations and their units", () => {
    expect(result.reservations).toEqual({ count: 2, units: 5 });
  });

  it("returns 30 Istanbul days of revenue and orders, zeros included", () => {
    expect(result.daily).toHaveLength(30);
    expect(result.daily[0]?.date).toBe("2026-02-14");
    expect(result.daily.at(-1)).toEqual({ date: "2026-03-15", revenue: 30_000, orders: 3 });
    const byDate = new Map(result.daily.map((d) => [d.date, d]));
    expect(byDate.get("2026-03-14")).toEqual({ date: "2026-03-14", revenue: 7_000, orders: 1 });
    expect(byDate.get("2026-03-10")).toEqual({ date: "2026-03-10", revenue: 0, orders: 0 });
    expect(byDate.get("2026-03-05")).toEqual({ date: "2026-03-05", revenue: 6_000, orders: 1 });
    expect(byDate.get("2026-03-01")).toEqual({ date: "2026-03-01", revenue: 9_000, orders: 1 });
    expect(byDate.get("2026-02-28")).toEqual({ date: "2026-02-28", revenue: 11_000, orders: 1 });
    expect(result.daily.reduce((sum, d) => sum + d.revenue, 0)).toBe(63_000);
    expect(result.daily.reduce((sum, d) => sum + d.orders, 0)).toBe(7);
  });

  it("lists SKUs with 3 or fewer units available", () => {
    const low = result.lowStock.find((item) => item.sku === lowSku);
    expect(low).toMatchObject({ sku: lowSku, onHand: 2, reserved: 0, available: 2 });
    expect(low?.productName).toMatch(/^DASH/);
    expect(result.lowStock.some((item) => item.sku === plentySku)).toBe(false);
    expect(result.lowStock.every((item) => item.available <= 3)).toBe(true);
  });

  it("uses the Istanbul day even at 00:30 Istanbul (still the previous day in UTC)", async () => {
    const early = await dashboard(db, new Date("2026-03-14T21:45:00Z"), { currency: "TRY" });
    expect(early.today).toBe("2026-03-15");
    // Only the 00:30 order is placed by then.
    expect(early.todayStats).toEqual({ revenue: 10_000, orders: 1, averageOrderValue: 10_000 });
  });
});
