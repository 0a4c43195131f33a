import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { activeHolds, releaseCartHold } from "@/lib/inventory/staff";
import { unpaidCardOrder } from "./admin-support";
import {
  cartWith,
  expectStockInvariant,
  extraPool,
  ledgerOf,
  oneSku,
  q,
  startFakeStripeEnv,
  stockOf,
} from "./checkout-support";

// Staff release a cart's hold from the SKU's stock page: the units come back exactly once, even when the
// release is clicked many times at once, and an unpaid order's hold is never released this way.

const fake = await startFakeStripeEnv();
const pool = extraPool(20);
const context = { actor: "Personel Ali", locale: "tr" as const };

afterAll(async () => {
  await pool.client.end({ timeout: 5 });
  await fake.close();
});

async function holdOf(variantId: number, cartId: string) {
  const [row] = await q<{ id: number }>(
    getDb(),
    sql`select id from reservations where variant_id = ${variantId} and cart_id = ${cartId} and status = 'active'`,
  );
  if (!row) throw new Error("no active hold");
  return Number(row.id);
}

describe("active holds of a SKU", () => {
  it("lists cart and order holds with who holds them, soonest to expire first", async () => {
    const db = getDb();
    const order = await unpaidCardOrder(db, "HLDL", { stock: 10, qty: 2 });
    const cartId = await cartWith(db, [[order.item.sku, 3]]);
    const holds = await activeHolds(db, order.item.id);
    expect(holds.map((hold) => [hold.holder.kind, hold.qty])).toEqual(
      expect.arrayContaining([
        ["order", 2],
        ["cart", 3],
      ]),
    );
    const orderHold = holds.find((hold) => hold.holder.kind === "order");
    expect(orderHold?.holder).toEqual({ kind: "order", orderNo: order.orderNo });
    expect(holds.find((hold) => hold.holder.kind === "cart")?.holder).toMatchObject({ cartId });
    const expiries = holds.map((hold) => hold.expiresAt);
    expect(expiries).toEqual([...expiries].sort());
  });
});

describe("releasing a cart's hold", () => {
  it("gives the units back once when 20 staff clicks race, with one ledger row naming the staff member", async () => {
    const db = getDb();
    const item = await oneSku(db, "HLDR", 10);
    const cartId = await cartWith(db, [[item.sku, 4]]);
    const reservationId = await holdOf(item.id, cartId);
    expect(await stockOf(db, item.id)).toEqual({ onHand: 10, reserved: 4 });

    const released = await Promise.all(
      Array.from({ length: 20 }, () => releaseCartHold(pool.db, { sku: item.sku, reservationId }, context)),
    );
    expect(released.filter((units) => units > 0)).toEqual([4]);
    expect(await stockOf(db, item.id)).toEqual({ onHand: 10, reserved: 0 });
    expect(await ledgerOf(db, item.id, "release", "Personel Ali")).toEqual([
      { on_hand_delta: 0, reserved_delta: -4, reference: "Personel Ali" },
    ]);
    // The shopper's line stays in the cart; only the hold ended.
    const [line] = await q<{ qty: number }>(
      db,
      sql`select qty from cart_items where cart_id = ${cartId} and variant_id = ${item.id}`,
    );
    expect(line?.qty).toBe(4);
    await expectStockInvariant(db);
  });

  it("never releases an unpaid order's hold, nor a hold through another SKU's page", async () => {
    const db = getDb();
    const order = await unpaidCardOrder(db, "HLDO", { stock: 5, qty: 2 });
    const [orderHold] = await activeHolds(db, order.item.id);
    expect(orderHold?.holder.kind).toBe("order");
    const other = await oneSku(db, "HLDX", 5);
    const otherCart = await cartWith(db, [[other.sku, 1]]);
    const otherHold = await holdOf(other.id, otherCart);

    expect(
      await releaseCartHold(db, { sku: order.item.sku, reservationId: orderHold?.id ?? 0 }, context),
    ).toBe(0);
    expect(await releaseCartHold(db, { sku: order.item.sku, reservationId: otherHold }, context)).toBe(0);
    expect(await stockOf(db, order.item.id)).toEqual({ onHand: 5, reserved: 2 });
    expect(await stockOf(db, other.id)).toEqual({ onHand: 5, reserved: 1 });
    await expect(
      releaseCartHold(db, { sku: "NO-SUCH-SKU", reservationId: otherHold }, context),
    ).rejects.toMatchObject({
      code: "PRODUCT_NOT_FOUND",
    });
  });
});
