import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { addItem, getCart } from "@/lib/cart/service";
import { newCartId } from "@/lib/cart/token";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { expectStockInvariant, makeSkus, q } from "@/tests/support/stock";

// Guarantee 2 (ARCHITECTURE.md): holds expire on time without the scheduler. Nothing here runs
// cleanupReservations: the clock alone is moved past the 15-minute TTL, and the next shopper's add (or the
// owner's next look at the cart) must act on it. Also the cart's line flags (API.md, Cart).

const MINUTE = 60_000;

async function holds(db: Database, cartId: string, variantId: number) {
  return q<{ qty: number; status: string }>(
    db,
    sql`select qty, status from reservations where cart_id = ${cartId} and variant_id = ${variantId}
      order by id`,
  );
}

async function reservedOf(db: Database, variantId: number) {
  const [row] = await q<{ on_hand: number; reserved: number }>(
    db,
    sql`select on_hand, reserved from inventory where variant_id = ${variantId}`,
  );
  return row;
}

async function caught(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError, but the call succeeded");
}

describe("holds lapse on the clock alone, with no cleanup run", () => {
  it("lets the next shopper take lapsed stock, flags the lapsed line and re-reserves it when stock is back", async () => {
    const db = getDb();
    const [target] = await makeSkus(db, "EXP-LAST", [2]);
    if (!target) throw new Error("setup failed");
    const start = new Date();
    const later = new Date(start.getTime() + 16 * MINUTE);
    const cartA = newCartId();
    const cartB = newCartId();

    // A takes the last two units; B is refused at the same moment.
    await addItem(db, { cartId: cartA }, { sku: target.sku, qty: 2 }, start);
    const refused = await caught(addItem(db, { cartId: cartB }, { sku: target.sku, qty: 1 }, start));
    expect(refused.code).toBe("OUT_OF_STOCK");
    expect(refused.details.available).toBe(0);
    expect(await reservedOf(db, target.id)).toEqual({ on_hand: 2, reserved: 2 });

    // 16 minutes later A's hold has lapsed: B's add takes a unit without any scheduler having run.
    await addItem(db, { cartId: cartB }, { sku: target.sku, qty: 1 }, later);
    expect(await holds(db, cartA, target.id)).toEqual([{ qty: 2, status: "expired" }]);
    expect(await holds(db, cartB, target.id)).toEqual([{ qty: 1, status: "active" }]);
    expect(await reservedOf(db, target.id)).toEqual({ on_hand: 2, reserved: 1 });
    await expectStockInvariant(db);

    // A looks at the cart: the line is flagged, and it now holds what was left (1 of its 2).
    const lapsed = await getCart(db, cartA, "tr", later);
    expect(lapsed.items).toHaveLength(1);
    const line = lapsed.items[0];
    expect(line?.qty).toBe(2);
    expect(line?.flags).toEqual(expect.arrayContaining(["RESERVATION_EXPIRED", "INSUFFICIENT_STOCK"]));
    expect(line?.flags).not.toContain("UNAVAILABLE");
    expect(line?.available).toBe(1);
    expect(await holds(db, cartA, target.id)).toEqual([
      { qty: 2, status: "expired" },
      { qty: 1, status: "active" },
    ]);
    expect(await reservedOf(db, target.id)).toEqual({ on_hand: 2, reserved: 2 });
    await expectStockInvariant(db);

    // A restock of 3 (with its ledger row): A's next look re-reserves the full line and clears the flags.
    await db.execute(sql`update inventory set on_hand = on_hand + 3 where variant_id = ${target.id}`);
    await db.execute(sql`insert into stock_ledger (variant_id, on_hand_delta, reason, reference)
      values (${target.id}, 3, 'restock', 'test')`);
    const evenLater = new Date(later.getTime() + MINUTE);
    const restored = await getCart(db, cartA, "tr", evenLater);
    expect(restored.items[0]?.flags).toEqual([]);
    expect(restored.items[0]?.qty).toBe(2);
    // It holds 2 of the 5; 5 - (2 + B's 1) = 2 are free besides.
    expect(restored.items[0]?.available).toBe(4);
    expect(restored.items[0]?.reservedUntil).toBe(new Date(evenLater.getTime() + 15 * MINUTE).toISOString());
    expect(restored.reservationExpiresAt).toBe(restored.items[0]?.reservedUntil);
    expect(await holds(db, cartA, target.id)).toEqual([
      { qty: 2, status: "expired" },
      { qty: 2, status: "active" },
    ]);
    expect(await reservedOf(db, target.id)).toEqual({ on_hand: 5, reserved: 3 });
    await expectStockInvariant(db);
  });

  it("renews a lapsed hold nobody took, without flags, when the owner looks again", async () => {
    const db = getDb();
    const [target] = await makeSkus(db, "EXP-RENEW", [5]);
    if (!target) throw new Error("setup failed");
    const start = new Date();
    const cartId = newCartId();
    await addItem(db, { cartId }, { sku: target.sku, qty: 3 }, start);
    const fresh = await getCart(db, cartId, "tr", start);
    expect(fresh.items[0]?.reservedUntil).toBe(new Date(start.getTime() + 15 * MINUTE).toISOString());

    const later = new Date(start.getTime() + 16 * MINUTE);
    const cart = await getCart(db, cartId, "tr", later);
    expect(cart.items[0]?.flags).toEqual([]);
    expect(cart.items[0]?.reservedUntil).toBe(new Date(later.getTime() + 15 * MINUTE).toISOString());
    expect(await holds(db, cartId, target.id)).toEqual([{ qty: 3, status: "active" }]);
    expect(await reservedOf(db, target.id)).toEqual({ on_hand: 5, reserved: 3 });
    await expectStockInvariant(db);
  });

  it("refuses a hold that lapsed only 1 ms short of the TTL, and takes it at the TTL exactly", async () => {
    const db = getDb();
    const [target] = await makeSkus(db, "EXP-EDGE", [1]);
    if (!target) throw new Error("setup failed");
    const start = new Date();
    await addItem(db, { cartId: newCartId() }, { sku: target.sku, qty: 1 }, start);
    const early = await caught(
      addItem(
        db,
        { cartId: newCartId() },
        { sku: target.sku, qty: 1 },
        new Date(start.getTime() + 15 * MINUTE - 1),
      ),
    );
    expect(early.code).toBe("OUT_OF_STOCK");
    await addItem(
      db,
      { cartId: newCartId() },
      { sku: target.sku, qty: 1 },
      new Date(start.getTime() + 15 * MINUTE),
    );
    expect(await reservedOf(db, target.id)).toEqual({ on_hand: 1, reserved: 1 });
    await expectStockInvariant(db);
  });
});

describe("line flags", () => {
  it("PRICE_CHANGED: the line shows and totals the current price, and a new add takes it as seen", async () => {
    const db = getDb();
    const [first, second] = await makeSkus(db, "EXP-PRICE", [10, 10], 10_000);
    if (!first || !second) throw new Error("setup failed");
    const cartId = newCartId();
    await addItem(db, { cartId }, { sku: first.sku, qty: 2 });
    await addItem(db, { cartId }, { sku: second.sku, qty: 1 });
    await db.execute(sql`update variants set price = ${12_345} where id = ${first.id}`);

    const cart = await getCart(db, cartId, "tr");
    const changed = cart.items.find((i) => i.sku === first.sku);
    const same = cart.items.find((i) => i.sku === second.sku);
    expect(changed?.flags).toEqual(["PRICE_CHANGED"]);
    expect(changed?.unitPrice).toBe(12_345);
    expect(changed?.lineTotal).toBe(24_690);
    expect(same?.flags).toEqual([]);
    expect(same?.lineTotal).toBe(10_000);
    expect(cart.totals.subtotal).toBe(34_690);

    // Adding the SKU again is the shopper accepting the new price: the flag goes away.
    await addItem(db, { cartId }, { sku: first.sku, qty: 1 });
    const accepted = await getCart(db, cartId, "tr");
    expect(accepted.items.find((i) => i.sku === first.sku)?.flags).toEqual([]);
    expect(accepted.totals.subtotal).toBe(3 * 12_345 + 10_000);
  });

  it("UNAVAILABLE: a deactivated product's line is flagged and left out of the subtotal", async () => {
    const db = getDb();
    const [gone] = await makeSkus(db, "EXP-GONE", [10], 20_000);
    const [kept] = await makeSkus(db, "EXP-KEPT", [10], 7_500);
    if (!gone || !kept) throw new Error("setup failed");
    const cartId = newCartId();
    await addItem(db, { cartId }, { sku: gone.sku, qty: 1 });
    await addItem(db, { cartId }, { sku: kept.sku, qty: 2 });
    expect((await getCart(db, cartId, "tr")).totals.subtotal).toBe(35_000);

    await db.execute(sql`update products set active = false where id = ${gone.productId}`);
    const cart = await getCart(db, cartId, "tr");
    const line = cart.items.find((i) => i.sku === gone.sku);
    expect(line?.flags).toEqual(["UNAVAILABLE"]);
    expect(line?.available).toBe(0);
    expect(cart.items.find((i) => i.sku === kept.sku)?.flags).toEqual([]);
    expect(cart.totals.subtotal).toBe(15_000);

    // An add of the inactive product is refused and changes nothing.
    const refused = await caught(addItem(db, { cartId }, { sku: gone.sku, qty: 1 }));
    expect(refused.code).toBe("PRODUCT_INACTIVE");
    expect((await getCart(db, cartId, "tr")).items.find((i) => i.sku === gone.sku)?.qty).toBe(1);
    await expectStockInvariant(db);
  });
});
