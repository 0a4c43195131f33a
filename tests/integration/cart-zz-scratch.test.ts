import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { createDb, getDb } from "@/db/client";
import { clockAt, reserveUpTo } from "@/lib/inventory/reservations";

it("scratch", async () => {
  const db = getDb();
  const other = createDb(process.env.DATABASE_URL ?? "", { max: 3 });
  const [v] = (await db.execute(sql`select v.id from variants v join inventory i on i.variant_id = v.id where i.reserved = 0 limit 1`)) as unknown as { id: number }[];
  const id = v!.id;
  await db.execute(sql`update inventory set on_hand = 5, reserved = 4 where variant_id = ${id}`);
  await db.execute(sql`insert into carts (id, currency) values ('c_scratch', 'TRY'), ('c_other', 'TRY')`);
  await db.execute(sql`insert into reservations (variant_id, cart_id, qty, expires_at) values (${id}, 'c_scratch', 1, now() - interval '1 minute'), (${id}, 'c_other', 3, now() + interval '1 minute')`);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const t2 = other.db.transaction(async (tx) => {
    await tx.execute(sql`update reservations set expires_at = now() where cart_id = 'c_scratch'`);
    await tx.execute(sql`update inventory set reserved = reserved + 1 where variant_id = ${id}`);
    await gate;
  });
  await new Promise((r) => setTimeout(r, 200));
  const t1 = db.transaction(async (tx) => reserveUpTo(tx, { cartId: "c_scratch", variantId: id, wanted: 3 }, clockAt(new Date(), 15)));
  await new Promise((r) => setTimeout(r, 300));
  release();
  await t2;
  const r = await t1.then((x) => `ok ${x}`, (e) => `err ${e.cause?.code} ${e.cause?.message}`);
  console.log("RESULT", r, await db.execute(sql`select * from inventory where variant_id = ${id}`));
  await other.client.end();
  expect(1).toBe(1);
});
