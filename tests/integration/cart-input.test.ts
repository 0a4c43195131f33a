import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { addItemSchema, setQtySchema } from "@/lib/cart/schemas";
import { addItem, getCart, removeItem, setItemQty } from "@/lib/cart/service";
import { newCartId } from "@/lib/cart/token";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { makeSkus, q } from "@/tests/support/stock";

// Bad input is refused with the contract's codes (API.md, Cart) and changes nothing: no stock, no hold,
// no line, no cart row, no ledger row.

/** Everything a cart operation may write, in a stable order, for before/after comparison. */
async function snapshot(db: Database) {
  const [state] = await q<Record<string, unknown>>(
    db,
    sql`select
      (select json_agg(i order by variant_id) from inventory i) as inventory,
      (select json_agg(r order by id) from reservations r) as reservations,
      (select json_agg(c order by id) from carts c) as carts,
      (select json_agg(ci order by id) from cart_items ci) as cart_items,
      (select count(*)::int from stock_ledger) as ledger_rows`,
  );
  return state;
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

let main: { id: number; sku: string };
let spare: { id: number; sku: string };
let inactiveSku: string;
const mine = newCartId();
const theirs = newCartId();
let myItem: string;
let theirItem: string;

beforeAll(async () => {
  const db = getDb();
  const [target, hidden, roomy] = await makeSkus(db, "INPUT", [150, 10, 100]);
  if (!target || !hidden || !roomy) throw new Error("setup failed");
  main = target;
  spare = roomy;
  // The seed's inactive product, as shoppers would meet it.
  const [seeded] = await q<{ sku: string }>(
    db,
    sql`select v.sku from variants v join products p on p.id = v.product_id where not p.active order by v.id limit 1`,
  );
  inactiveSku = seeded?.sku ?? hidden.sku;
  if (!seeded) await db.execute(sql`update products set active = false where id = ${hidden.productId}`);

  await addItem(db, { cartId: mine }, { sku: main.sku, qty: 98 });
  await addItem(db, { cartId: theirs }, { sku: main.sku, qty: 2 });
  myItem = (await getCart(db, mine, "tr")).items[0]?.id ?? "";
  theirItem = (await getCart(db, theirs, "tr")).items[0]?.id ?? "";
});

describe("service-level bad input changes nothing", () => {
  it("refuses each case with its code, and leaves every table exactly as it was", async () => {
    const db = getDb();
    const before = await snapshot(db);
    const stranger = newCartId();

    const unknown = await caught(addItem(db, { cartId: stranger }, { sku: "NO-SUCH-SKU", qty: 1 }));
    expect(unknown.code).toBe("PRODUCT_NOT_FOUND");
    expect(unknown.status).toBe(404);

    const inactive = await caught(addItem(db, { cartId: stranger }, { sku: inactiveSku, qty: 1 }));
    expect(inactive.code).toBe("PRODUCT_INACTIVE");
    expect(inactive.status).toBe(422);

    // The line holds 98: one more is fine in principle, two more is over 99.
    const over = await caught(addItem(db, { cartId: mine }, { sku: main.sku, qty: 2 }));
    expect(over.code).toBe("QTY_LIMIT");
    expect(over.details).toMatchObject({ max: 99, inCart: 98 });
    const wayOver = await caught(addItem(db, { cartId: stranger }, { sku: main.sku, qty: 100 }));
    expect(wayOver.code).toBe("QTY_LIMIT");

    const setOver = await caught(setItemQty(db, { cartId: mine }, myItem, 100));
    expect(setOver.code).toBe("QTY_LIMIT");
    expect(setOver.status).toBe(422);

    // Another cart's line cannot be changed or removed through mine, nor through a cart that does not exist.
    for (const cartId of [mine, stranger]) {
      const set = await caught(setItemQty(db, { cartId }, theirItem, 1));
      expect(set.code).toBe("CART_ITEM_NOT_FOUND");
      expect(set.status).toBe(404);
      const removed = await caught(removeItem(db, { cartId }, theirItem));
      expect(removed.code).toBe("CART_ITEM_NOT_FOUND");
    }
    const missing = await caught(setItemQty(db, { cartId: mine }, `ci_${"0".repeat(32)}`, 1));
    expect(missing.code).toBe("CART_ITEM_NOT_FOUND");

    // Not bad input, but refused all the same: more than the free stock.
    const short = await caught(addItem(db, { cartId: stranger }, { sku: main.sku, qty: 99 }));
    expect(short.code).toBe("OUT_OF_STOCK");
    expect(short.details.available).toBe(150 - 98 - 2);

    expect(await snapshot(db)).toEqual(before);
    // And the other cart still has its line, as it was.
    const other = await getCart(db, theirs, "tr");
    expect(other.items.map((i) => ({ id: i.id, qty: i.qty, flags: i.flags }))).toEqual([
      { id: theirItem, qty: 2, flags: [] },
    ]);
  });

  it("takes a line to exactly 99, and no further", async () => {
    const db = getDb();
    const cartId = newCartId();
    await addItem(db, { cartId }, { sku: spare.sku, qty: 99 });
    const before = await snapshot(db);
    expect((await caught(addItem(db, { cartId }, { sku: spare.sku, qty: 1 }))).code).toBe("QTY_LIMIT");
    expect(await snapshot(db)).toEqual(before);
    const line = (await getCart(db, cartId, "tr")).items[0];
    expect(line?.qty).toBe(99);
    await setItemQty(db, { cartId }, line?.id ?? "", 0);
    expect((await getCart(db, cartId, "tr")).items).toEqual([]);
  });
});

describe("the zod schemas in front of the services", () => {
  it.each([
    ["0", 0],
    ["-1", -1],
    ["1.5", 1.5],
    ['"2"', "2"],
    ["1e9", 1e9],
    ["null", null],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["missing", undefined],
  ])("addItemSchema refuses qty %s", (_label, qty) => {
    const body: Record<string, unknown> = { sku: "KTS-BASIC-WHT-S" };
    if (qty !== undefined) body.qty = qty;
    const parsed = addItemSchema.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["qty"]);
  });

  it.each([
    ["-1", -1],
    ["1.5", 1.5],
    ['"2"', "2"],
    ["1e9", 1e9],
    ["null", null],
    ["missing", undefined],
  ])("setQtySchema refuses qty %s", (_label, qty) => {
    const parsed = setQtySchema.safeParse(qty === undefined ? {} : { qty });
    expect(parsed.success).toBe(false);
  });

  it("accepts the good ones: qty 1 and 99 to add (100 is the service's QTY_LIMIT), 0 to set", () => {
    expect(addItemSchema.parse({ sku: " kts-basic-wht-s ", qty: 1 })).toEqual({
      sku: "KTS-BASIC-WHT-S",
      qty: 1,
    });
    expect(addItemSchema.parse({ sku: "X", qty: 99 }).qty).toBe(99);
    expect(setQtySchema.parse({ qty: 0 })).toEqual({ qty: 0 });
    expect(setQtySchema.parse({ qty: 5 })).toEqual({ qty: 5 });
  });

  it.each([[""], ["   "], ["x".repeat(65)]])("addItemSchema refuses sku %j", (sku) => {
    expect(addItemSchema.safeParse({ sku, qty: 1 }).success).toBe(false);
  });
});
