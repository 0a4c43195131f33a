import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { addItem, getCart, removeItem, setItemQty } from "@/lib/cart/service";
import { newCartId } from "@/lib/cart/token";
import { getDb } from "@/lib/db";

async function stockedSku(minStock: number) {
  const [row] = (await getDb().execute(sql`select v.sku, v.id, i.on_hand, i.reserved from variants v
    join products p on p.id = v.product_id join inventory i on i.variant_id = v.id
    where v.active and p.active and i.on_hand - i.reserved >= ${minStock} order by v.id limit 1`)) as unknown as [
    { sku: string; id: number; on_hand: number; reserved: number },
  ];
  return row;
}

describe("cart service basics", () => {
  it("adds, joins lines, sets quantity, removes, and keeps reserved in step", async () => {
    const db = getDb();
    const cartId = newCartId();
    const sku = await stockedSku(10);
    await addItem(db, { cartId }, { sku: sku.sku, qty: 2 });
    await addItem(db, { cartId }, { sku: sku.sku, qty: 1 });
    let cart = await getCart(db, cartId, "tr");
    expect(cart.items).toHaveLength(1);
    expect(cart.items[0]?.qty).toBe(3);
    expect(cart.items[0]?.flags).toEqual([]);
    expect(cart.reservationExpiresAt).not.toBeNull();
    const reserved = async () =>
      (
        (await db.execute(sql`select reserved from inventory where variant_id = ${sku.id}`)) as unknown as [
          { reserved: number },
        ]
      )[0].reserved;
    expect(await reserved()).toBe(sku.reserved + 3);

    const itemId = cart.items[0]?.id ?? "";
    await setItemQty(db, { cartId }, itemId, 5);
    expect(await reserved()).toBe(sku.reserved + 5);
    await setItemQty(db, { cartId }, itemId, 1);
    expect(await reserved()).toBe(sku.reserved + 1);
    await removeItem(db, { cartId }, itemId);
    expect(await reserved()).toBe(sku.reserved);
    cart = await getCart(db, cartId, "tr");
    expect(cart.items).toEqual([]);
  });
});
