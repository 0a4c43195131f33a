import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { createDb, getDb } from "@/db/client";
import { addItem, getCart } from "@/lib/cart/service";
import { newCartId } from "@/lib/cart/token";

it("scratch", async () => {
  const db = getDb();
  const pool = createDb(process.env.DATABASE_URL ?? "", { max: 30 });
  const [v] = (await db.execute(sql`select v.id, v.sku from variants v join inventory i on i.variant_id = v.id join products p on p.id = v.product_id where i.reserved = 0 and p.active and v.active limit 1`)) as unknown as { id: number; sku: string }[];
  const id = v!.id;
  await db.execute(sql`update inventory set on_hand = 6, reserved = 0 where variant_id = ${id}`);
  const carts = Array.from({ length: 20 }, () => newCartId());
  const errors: string[] = [];
  const mode = process.env.MODE ?? "all";
  const deadline = Date.now() + 5000;
  let n = 0;
  await Promise.all(carts.map(async (cartId, i) => {
    while (Date.now() < deadline) {
      n++;
      const r = Math.random();
      try {
        if (r < 0.4) await addItem(pool.db, { cartId }, { sku: v!.sku, qty: 1 }, mode.includes("future") && Math.random() < 0.3 ? new Date(Date.now() + 20 * 60000) : new Date());
        else if (r < 0.7) await getCart(pool.db, cartId, "tr", mode.includes("future") && Math.random() < 0.3 ? new Date(Date.now() + 20 * 60000) : new Date());
        else if (mode.includes("expire")) {
          const victim = carts[Math.floor(Math.random() * carts.length)];
          await pool.db.execute(sql`update reservations set expires_at = now() - interval '1 minute' where cart_id = ${victim} and status = 'active'`);
        }
      } catch (e: any) {
        if (e.code === "OUT_OF_STOCK" || e.code === "QTY_LIMIT") continue;
        errors.push(`${r < 0.4 ? "add" : "read"} ${e.cause?.code} ${/with\s+(\w+)/.exec(e.message)?.[1]}`);
      }
    }
  }));
  console.log("RESULT", mode, n, errors.length, [...new Set(errors)]);
  await pool.client.end();
  expect(1).toBe(1);
});
