import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { dashboard } from "@/lib/admin/dashboard";
import { getDb } from "@/lib/db";
import { seedDemoOrders } from "@/lib/demo/orders";
import { expectStockInvariant, q } from "./checkout-support";
import { startFakeIyzicoEnv } from "./payments-support";

// The demo month of `npm run dev`: orders made through the store's own services over 30 days, so the
// dashboard a newcomer opens has something to show and stock, ledger and code usage agree with it.

const fake = await startFakeIyzicoEnv();

afterAll(() => fake.close());

describe("demo orders", () => {
  it("a month of orders in every status, through the real services; the dashboard and stock agree", async () => {
    const db = getDb();
    const now = new Date();
    const made = await seedDemoOrders(db, {
      now,
      payCard: async (session, outcome) => {
        if (session.provider !== "iyzico") throw new Error("expected iyzico");
        await fake.pay(session.token, { card: outcome === "paid" ? "5528790000000008" : "4111111111111129" });
      },
    });
    expect(made).toBeGreaterThanOrEqual(30);

    const statuses = (await q<{ status: string }>(db, sql`select distinct status from orders`)).map(
      (r) => r.status,
    );
    for (const status of [
      "awaiting_confirmation",
      "processing",
      "shipped",
      "delivered",
      "cancelled",
      "refunded",
      "partially_refunded",
      "paid",
      "payment_failed",
      "pending_payment",
    ]) {
      expect(statuses, status).toContain(status);
    }
    const [span] = await q<{ days: number; oldest: Date }>(
      db,
      sql`select count(distinct date_trunc('day', placed_at))::int as days, min(placed_at) as oldest from orders`,
    );
    expect(span?.days).toBeGreaterThanOrEqual(25);
    expect(now.getTime() - new Date(span?.oldest ?? now).getTime()).toBeLessThanOrEqual(
      31 * 24 * 3600 * 1000,
    );
    // Paid orders went through the provider and the timeline like any other.
    const [paid] = await q<{ n: number }>(
      db,
      sql`select count(*)::int as n from orders o join payments p on p.order_id = o.id
        where o.status = 'paid' and p.provider = 'iyzico' and p.status = 'succeeded'`,
    );
    expect(paid?.n).toBeGreaterThan(0);
    const [used] = await q<{ n: number }>(
      db,
      sql`select used_count as n from coupons where code = 'HOSGELDIN10'`,
    );
    const [redeemed] = await q<{ n: number }>(
      db,
      sql`select count(*)::int as n from coupon_redemptions r join coupons c on c.id = r.coupon_id
        where c.code = 'HOSGELDIN10'`,
    );
    expect(used?.n).toBe(redeemed?.n);
    await expectStockInvariant(db);

    const figures = await dashboard(db, now);
    expect(figures.daily.reduce((sum, day) => sum + day.orders, 0)).toBeGreaterThan(20);
    expect(figures.daily.filter((day) => day.orders > 0).length).toBeGreaterThanOrEqual(20);
    expect(figures.payments.cardOrders).toBeGreaterThan(0);

    // A second run (a restart of `npm run dev`) adds nothing.
    expect(await seedDemoOrders(db, { now })).toBe(0);
  });
});
