import { type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import * as schema from "@/db/schema";
import { addItem, getCart, removeItem, setItemQty } from "@/lib/cart/service";
import { newCartId } from "@/lib/cart/token";
import { placeOrder } from "@/lib/checkout/service";
import { getDb } from "@/lib/db";
import { checkoutInput } from "./checkout-support";

// A budget of statements per cart operation (the Saleor habit in ARCHITECTURE.md), counted where they
// leave for the server: postgres.js's `debug` hook sees every statement, BEGIN and COMMIT included. The
// budgets must not depend on how many lines the cart has.

async function q<T>(db: Database, query: SQL): Promise<T[]> {
  return (await db.execute(query)) as unknown as T[];
}

/** Fresh active SKUs of one new product, each with inventory and its 'initial' on_hand ledger row. */
async function makeSkus(db: Database, prefix: string, stocks: number[], price = 12_500) {
  const [category] = await q<{ id: number }>(db, sql`select id from categories order by id limit 1`);
  const [product] = await q<{ id: number }>(
    db,
    sql`insert into products (slug, name_tr, name_en, category_id)
      values (${`${prefix.toLowerCase()}-test`}, ${`${prefix} deneme`}, ${`${prefix} test`}, ${category?.id})
      returning id`,
  );
  const made: { id: number; sku: string; stock: number }[] = [];
  for (const [index, stock] of stocks.entries()) {
    const sku = `${prefix}-${index}`;
    const [variant] = await q<{ id: number }>(
      db,
      sql`insert into variants (product_id, sku, name_tr, name_en, price, weight_grams, length_cm, width_cm,
          height_cm, position)
        values (${product?.id}, ${sku}, ${`Beden ${index}`}, ${`Size ${index}`}, ${price}, 100, 10, 10, 10, ${index})
        returning id`,
    );
    const id = variant?.id ?? 0;
    await db.execute(sql`insert into inventory (variant_id, on_hand) values (${id}, ${stock})`);
    await db.execute(sql`insert into stock_ledger (variant_id, on_hand_delta, reason, reference)
      values (${id}, ${stock}, 'initial', 'test')`);
    made.push({ id, sku, stock });
  }
  return made;
}

const statements: string[] = [];
let client: postgres.Sql;
let counted: Database;
let skus: { id: number; sku: string }[];

/** Runs `work` and returns the statements it sent, one line each. */
async function measure(work: () => Promise<unknown>): Promise<string[]> {
  statements.length = 0;
  await work();
  const sent = statements.splice(0).map((s) => s.replace(/\s+/g, " ").trim().slice(0, 100));
  if (process.env.CART_BUDGET_PRINT) console.log(`${sent.length} statements:\n  ${sent.join("\n  ")}`);
  return sent;
}

beforeAll(async () => {
  client = postgres(process.env.DATABASE_URL ?? "", {
    max: 1,
    onnotice: () => {},
    debug: (_connection, query) => {
      statements.push(query);
    },
  });
  counted = drizzle({ client, schema, casing: "snake_case" });
  skus = await makeSkus(
    getDb(),
    "BUDGET",
    Array.from({ length: 13 }, () => 500),
  );
});

afterAll(async () => {
  await client.end({ timeout: 5 });
});

beforeEach(async () => {
  // Warm-up: the first statement on a fresh connection also asks for type information, and the pricing
  // configuration is cached for 30 s; neither is a cost of the operation being measured.
  await getCart(counted, newCartId(), "tr");
  await addItem(counted, { cartId: newCartId() }, { sku: skus[12]?.sku ?? "", qty: 1 });
  await getCart(counted, newCartId(), "tr");
});

/** A cart of `lines` lines (SKUs 0..lines-1), built outside the counted connection. */
async function cartWith(lines: number) {
  const cartId = newCartId();
  for (const sku of skus.slice(0, lines)) await addItem(getDb(), { cartId }, { sku: sku.sku, qty: 1 });
  return cartId;
}

describe("statements per cart operation (BEGIN and COMMIT included)", () => {
  it("adding a new SKU and adding to an existing line take at most 5 each, on a 10-line cart", async () => {
    const cartId = await cartWith(10);
    const fresh = await measure(() => addItem(counted, { cartId }, { sku: skus[10]?.sku ?? "", qty: 1 }));
    expect(fresh.length, fresh.join("\n")).toBeLessThanOrEqual(5);
    // The counter sees the transaction's own statements too (else the budget would be meaningless).
    expect(fresh[0]).toMatch(/^begin/i);
    expect(fresh.at(-1)).toMatch(/^commit/i);
    const existing = await measure(() => addItem(counted, { cartId }, { sku: skus[3]?.sku ?? "", qty: 2 }));
    expect(existing.length, existing.join("\n")).toBeLessThanOrEqual(5);
    expect((await getCart(getDb(), cartId, "tr")).items).toHaveLength(11);
  });

  it("reading a 10-line cart takes at most 3, and no more than reading a 1-line cart", async () => {
    const big = await cartWith(10);
    const small = await cartWith(1);
    let lines = 0;
    const read = await measure(async () => {
      lines = (await getCart(counted, big, "tr")).items.length;
    });
    expect(lines).toBe(10);
    expect(read.length, read.join("\n")).toBeLessThanOrEqual(3);
    const readSmall = await measure(() => getCart(counted, small, "tr"));
    expect(read.length, `10 lines:\n${read.join("\n")}\n1 line:\n${readSmall.join("\n")}`).toBe(
      readSmall.length,
    );
  });

  // One more than an add: the line is read after the cart lock, and the SKU's stock row is locked in its own
  // statement so the change that follows reads the latest stock (lib/inventory/reservations.ts, lock order).
  it("changing a quantity and removing a line take at most 6 each, on a 10-line cart", async () => {
    const cartId = await cartWith(10);
    const cart = await getCart(getDb(), cartId, "tr");
    const [first, second] = cart.items;
    if (!first || !second) throw new Error("setup failed");
    const set = await measure(() => setItemQty(counted, { cartId }, first.id, 4));
    expect(set.length, set.join("\n")).toBeLessThanOrEqual(6);
    const removed = await measure(() => removeItem(counted, { cartId }, second.id));
    expect(removed.length, removed.join("\n")).toBeLessThanOrEqual(6);
    const after = await getCart(getDb(), cartId, "tr");
    expect(after.items).toHaveLength(9);
    expect(after.items.find((i) => i.id === first.id)?.qty).toBe(4);
  });

  it("adding costs the same on a 1-line cart and on a 10-line cart", async () => {
    const small = await cartWith(1);
    const big = await cartWith(10);
    const onSmall = await measure(() =>
      addItem(counted, { cartId: small }, { sku: skus[11]?.sku ?? "", qty: 1 }),
    );
    const onBig = await measure(() =>
      addItem(counted, { cartId: big }, { sku: skus[11]?.sku ?? "", qty: 1 }),
    );
    expect(onBig.length, onBig.join("\n")).toBe(onSmall.length);
  });

  // The stock of every line is held in one statement (after one that locks the rows, ascending).
  it("placing an order costs the same for a 10-line cart as for a 1-line cart", async () => {
    const place = async (lines: number) => {
      const cartId = await cartWith(lines);
      let placed = "";
      const sent = await measure(async () => {
        const checkout = checkoutInput(`budget-${lines}-${cartId.slice(-6)}@example.com`, {
          paymentMethod: "cash_on_delivery",
        });
        placed = (await placeOrder(counted, { cartId, userId: null, checkout, locale: "tr" })).order.orderNo;
      });
      const [order] = await q<{ lines: number }>(
        getDb(),
        sql`select count(*)::int as lines from order_items i join orders o on o.id = i.order_id
          where o.order_no = ${placed}`,
      );
      expect(order?.lines).toBe(lines);
      return sent;
    };
    await place(1); // warm-up: the pricing configuration is read once, then cached for 30 s
    const small = await place(1);
    const big = await place(10);
    expect(big.length, `10 lines:\n${big.join("\n")}\n1 line:\n${small.join("\n")}`).toBe(small.length);
  });
});
