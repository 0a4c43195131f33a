import { randomBytes } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { users } from "@/db/schema";
import { DUMMY_HASH } from "@/lib/accounts/password";
import { mergeGuestCart, userCartId } from "@/lib/cart/merge";
import { addItem, getCart } from "@/lib/cart/service";
import { newCartId } from "@/lib/cart/token";
import { getDb } from "@/lib/db";

let db: Database;

beforeAll(() => {
  db = getDb();
});

async function q<T>(query: SQL): Promise<T[]> {
  return (await db.execute(query)) as unknown as T[];
}

async function newUser(): Promise<string> {
  const [row] = await db
    .insert(users)
    .values({
      email: `merge-${randomBytes(5).toString("hex")}@example.com`,
      name: "Birleşen",
      passwordHash: DUMMY_HASH,
    })
    .returning({ id: users.id });
  if (!row) throw new Error("no user");
  return row.id;
}

/** A fresh active SKU of its own product with `stock` units and the ledger's 'initial' row. */
async function freshSku(stock: number): Promise<{ id: number; sku: string }> {
  const tag = `MRG${randomBytes(4).toString("hex").toUpperCase()}`;
  const [category] = await q<{ id: number }>(sql`select id from categories order by id limit 1`);
  const [product] = await q<{ id: number }>(
    sql`insert into products (slug, name_tr, name_en, category_id)
      values (${tag.toLowerCase()}, ${`${tag} deneme`}, ${`${tag} test`}, ${category?.id}) returning id`,
  );
  const [variant] = await q<{ id: number }>(
    sql`insert into variants (product_id, sku, name_tr, name_en, price, weight_grams, length_cm, width_cm, height_cm, position)
      values (${product?.id}, ${tag}, 'Standart', 'Standard', 25000, 100, 10, 10, 10, 0) returning id`,
  );
  const id = variant?.id ?? 0;
  await db.execute(sql`insert into inventory (variant_id, on_hand) values (${id}, ${stock})`);
  await db.execute(sql`insert into stock_ledger (variant_id, on_hand_delta, reason, reference)
    values (${id}, ${stock}, 'initial', 'test')`);
  return { id, sku: tag };
}

async function stock(variantId: number) {
  const [row] = await q<{
    on_hand: number;
    reserved: number;
    held: number;
    ledger_reserved: number;
    ledger_on_hand: number;
  }>(
    sql`select i.on_hand, i.reserved,
      coalesce((select sum(qty) from reservations r where r.variant_id = i.variant_id and r.status = 'active'), 0)::int as held,
      coalesce((select sum(reserved_delta) from stock_ledger l where l.variant_id = i.variant_id), 0)::int as ledger_reserved,
      coalesce((select sum(on_hand_delta) from stock_ledger l where l.variant_id = i.variant_id), 0)::int as ledger_on_hand
    from inventory i where i.variant_id = ${variantId}`,
  );
  if (!row) throw new Error("no inventory");
  return row;
}

async function cartExists(cartId: string): Promise<boolean> {
  return (await q(sql`select 1 from carts where id = ${cartId}`)).length > 0;
}

describe("guest cart merge at sign-in", () => {
  it("adds the guest's 2 to the user's 1 of a SKU by moving the guest's hold: reserved rises by 0", async () => {
    const userId = await newUser();
    const { id, sku } = await freshSku(10);
    const userCart = await userCartId(db, userId);
    await addItem(db, { cartId: userCart, userId }, { sku, qty: 1 });
    const guestCart = newCartId();
    await addItem(db, { cartId: guestCart }, { sku, qty: 2 });
    const before = await stock(id);
    expect(before.reserved).toBe(3);

    const merged = await mergeGuestCart(db, { guestCartId: guestCart, userId });

    expect(merged).toBe(userCart);
    const cart = await getCart(db, userCart, "tr");
    expect(cart.items).toHaveLength(1);
    expect(cart.items[0]).toMatchObject({ sku, qty: 3, flags: [] });
    const after = await stock(id);
    expect(after.reserved - before.reserved).toBe(0);
    expect(after.reserved).toBe(after.held);
    expect(after.ledger_reserved).toBe(after.reserved);
    expect(after.ledger_on_hand).toBe(after.on_hand);
    const holds = await q<{ cart_id: string; qty: number }>(
      sql`select cart_id, qty from reservations where variant_id = ${id} and status = 'active'`,
    );
    expect(holds).toEqual([{ cart_id: userCart, qty: 3 }]);
    expect(await cartExists(guestCart)).toBe(false);

    // Signing in again with no guest cart changes nothing.
    expect(await mergeGuestCart(db, { guestCartId: null, userId })).toBe(userCart);
    expect((await getCart(db, userCart, "tr")).items[0]?.qty).toBe(3);
  });

  it("flags INSUFFICIENT_STOCK when the user's and the guest's lines together exceed what can be held", async () => {
    const userId = await newUser();
    const { id, sku } = await freshSku(3);
    const userCart = await userCartId(db, userId);
    await addItem(db, { cartId: userCart, userId }, { sku, qty: 1 });
    const guestCart = newCartId();
    await addItem(db, { cartId: guestCart }, { sku, qty: 2 });
    // The guest's hold lapses and another shopper takes those 2 units.
    await db.execute(sql`update reservations set expires_at = now() - interval '1 minute'
      where cart_id = ${guestCart} and status = 'active'`);
    await addItem(db, { cartId: newCartId() }, { sku, qty: 2 });
    expect((await stock(id)).reserved).toBe(3);

    await mergeGuestCart(db, { guestCartId: guestCart, userId });

    const cart = await getCart(db, userCart, "tr");
    expect(cart.items).toHaveLength(1);
    expect(cart.items[0]?.qty).toBe(3);
    expect(cart.items[0]?.flags).toContain("INSUFFICIENT_STOCK");
    expect(cart.items[0]?.available).toBe(1);
    const after = await stock(id);
    expect(after.reserved).toBe(3);
    expect(after.reserved).toBeLessThanOrEqual(after.on_hand);
    expect(after.reserved).toBe(after.held);
    expect(after.ledger_reserved).toBe(after.reserved);
    expect(await cartExists(guestCart)).toBe(false);
  });

  it("moves a guest line the user did not have, and deletes the guest cart", async () => {
    const userId = await newUser();
    const { id, sku } = await freshSku(5);
    const guestCart = newCartId();
    await addItem(db, { cartId: guestCart }, { sku, qty: 2 });
    const userCart = await mergeGuestCart(db, { guestCartId: guestCart, userId });
    const cart = await getCart(db, userCart, "tr");
    expect(cart.items.map((i) => [i.sku, i.qty])).toEqual([[sku, 2]]);
    const after = await stock(id);
    expect(after).toMatchObject({ reserved: 2, held: 2, ledger_reserved: 2 });
    expect(await cartExists(guestCart)).toBe(false);
    // A user cart is never merged into another user's: a "guest" id that belongs to a user is ignored.
    const otherUser = await newUser();
    await mergeGuestCart(db, { guestCartId: userCart, userId: otherUser });
    expect(await cartExists(userCart)).toBe(true);
    expect((await getCart(db, userCart, "tr")).items).toHaveLength(1);
  });
});
