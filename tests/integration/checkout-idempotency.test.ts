import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { requestHash, withIdempotency } from "@/lib/checkout/idempotency";
import { type CheckoutInput, checkoutSchema } from "@/lib/checkout/schemas";
import { checkoutOnce, placeOrder } from "@/lib/checkout/service";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import {
  appError,
  cartRows,
  cartWith,
  checkoutInput,
  countRows,
  expectStockInvariant,
  extraPool,
  oneSku,
  ordersFor,
  paymentOf,
  q,
  startFakeStripeEnv,
  stockOf,
  tag,
  tally,
  uniqueEmail,
} from "./checkout-support";

// Guarantee 4 (exactly-once money), the checkout half: one Idempotency-Key → one order, one PaymentIntent,
// one answer, however often and however concurrently the same request comes in.

const fake = await startFakeStripeEnv();
const pool = extraPool(30);

beforeAll(async () => {
  expect(env().STRIPE_API_BASE).toBe(fake.url);
  await pool.db.execute(sql`select 1`);
});

afterAll(async () => {
  await pool.client.end({ timeout: 5 });
  await fake.close();
});

beforeEach(() => fake.reset());

/** What POST /api/checkout runs: the idempotent wrapper around placeOrder, on the racing pool. */
function checkout(key: string, cartId: string, input: CheckoutInput) {
  return checkoutOnce(pool.db, { cartId, userId: null, checkout: input, locale: "tr", key });
}

describe("checkout: one Idempotency-Key", () => {
  it("20 concurrent requests with one key place one order, get one identical answer and one PaymentIntent", async () => {
    const db = getDb();
    const item = await oneSku(db, "IDEM", 10);
    const cartId = await cartWith(db, [[item.sku, 2]]);
    const email = uniqueEmail("idem");
    const input = checkoutInput(email);
    const key = `key-${tag()}-${tag()}`;

    const answers = await Promise.all(Array.from({ length: 20 }, () => checkout(key, cartId, input)));

    const orders = await ordersFor(db, email);
    expect(orders).toHaveLength(1);
    const orderNo = orders[0]?.order_no;
    expect(answers.filter((a) => !a.replayed)).toHaveLength(1);
    const bodies = answers.map((a) => JSON.parse(JSON.stringify(a.body)));
    for (const body of bodies) expect(body).toEqual(bodies[0]);
    expect(answers.every((a) => a.status === 201)).toBe(true);

    const first = bodies[0] as {
      order: { orderNo: string; status: string };
      payment: { clientSecret: string };
    };
    expect(first.order.orderNo).toBe(orderNo);
    expect(first.order.status).toBe("pending_payment");

    const created = fake.createdIntents();
    expect(created).toHaveLength(1);
    expect(first.payment.clientSecret).toBe(created[0]?.client_secret);
    expect(created[0]?.metadata.orderNo).toBe(orderNo);
    expect(created[0]?.amount).toBe(Number(orders[0]?.total));
    const payment = await paymentOf(db, orderNo ?? "");
    expect(payment.provider_payment_id).toBe(created[0]?.id);

    // The stock was held once, for the one order (card: on_hand untouched until paid).
    expect(await stockOf(db, item.id)).toEqual({ onHand: 10, reserved: 2 });
    await expectStockInvariant(db);

    // A retry after the answer: the same stored answer, still one order and one PaymentIntent.
    const late = await checkout(key, cartId, input);
    expect(late.replayed).toBe(true);
    expect(JSON.parse(JSON.stringify(late.body))).toEqual(bodies[0]);
    expect(fake.createdIntents()).toHaveLength(1);
    expect(await ordersFor(db, email)).toHaveLength(1);
  });

  it("the same key with another body is refused with 422 IDEMPOTENCY_KEY_REUSED and changes nothing", async () => {
    const db = getDb();
    const item = await oneSku(db, "IDEM-REUSE", 10);
    const cartId = await cartWith(db, [[item.sku, 1]]);
    const email = uniqueEmail("reuse");
    const key = `key-${tag()}-${tag()}`;
    const placed = await checkout(key, cartId, checkoutInput(email));
    expect(placed.status).toBe(201);
    const ordersBefore = await countRows(db, "orders");

    const other = checkoutInput(email, { shippingMethod: "express" });
    const error = await appError(checkout(key, cartId, other));
    expect(error.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(error.status).toBe(422);
    const otherEmail = await appError(checkout(key, cartId, checkoutInput(uniqueEmail("someone"))));
    expect(otherEmail.code).toBe("IDEMPOTENCY_KEY_REUSED");
    // Another cart under the same key is another request too.
    const otherCart = await cartWith(db, [[item.sku, 1]]);
    expect((await appError(checkout(key, otherCart, checkoutInput(email)))).code).toBe(
      "IDEMPOTENCY_KEY_REUSED",
    );

    expect(await countRows(db, "orders")).toBe(ordersBefore);
    expect(fake.createdIntents()).toHaveLength(1);
    // The stored answer is still the first one.
    const again = await checkout(key, cartId, checkoutInput(email));
    expect(again.replayed).toBe(true);
    expect(JSON.parse(JSON.stringify(again.body))).toEqual(JSON.parse(JSON.stringify(placed.body)));
  });

  it("the request hash ignores key order and is the same for the same body parsed twice", () => {
    const cartId = "c_0123";
    const a = checkoutSchema.parse({ ...checkoutInput("a@b.co"), email: " A@B.co " });
    const b = checkoutInput("a@b.co");
    expect(requestHash({ cartId, checkout: a })).toBe(requestHash({ checkout: b, cartId }));
    expect(requestHash({ cartId, checkout: a })).not.toBe(
      requestHash({ cartId, checkout: { ...b, expectedTotal: 1 } }),
    );
  });

  it("20 concurrent requests with one key that are refused (empty cart) all get the refusal; the key is freed", async () => {
    const db = getDb();
    const cartId = `c_${tag()}${tag()}${tag()}${tag()}`;
    const key = `key-${tag()}-${tag()}`;
    const email = uniqueEmail("empty");
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        checkout(key, cartId, checkoutInput(email)).then(
          () => "ok",
          (e: { code?: string }) => e.code ?? String(e),
        ),
      ),
    );
    expect(tally(results)).toEqual({ CART_EMPTY: 20 });
    expect(await ordersFor(db, email)).toHaveLength(0);
    expect(
      await q(db, sql`select key from idempotency_keys where scope = 'checkout' and key = ${key}`),
    ).toEqual([]);
    expect(fake.createdIntents()).toHaveLength(0);
  });

  it("a double submit under two different keys: the cart is locked, one order, the other finds the cart empty", async () => {
    const db = getDb();
    const item = await oneSku(db, "IDEM-TWO", 5);
    const cartId = await cartWith(db, [[item.sku, 1]]);
    const email = uniqueEmail("two");
    const input = checkoutInput(email);

    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        checkout(`key-${tag()}-${tag()}`, cartId, input).then(
          () => "ok",
          (e: { code?: string }) => e.code ?? String(e),
        ),
      ),
    );

    expect(tally(results)).toEqual({ ok: 1, CART_EMPTY: 4 });
    expect(await ordersFor(db, email)).toHaveLength(1);
    expect(fake.createdIntents()).toHaveLength(1);
    expect(await stockOf(db, item.id)).toEqual({ onHand: 5, reserved: 1 });
    await expectStockInvariant(db);
  });

  it("a PaymentIntent response lost on the way back is retried with the same Stripe key: still one intent", async () => {
    const db = getDb();
    const item = await oneSku(db, "IDEM-DROP", 5);
    const cartId = await cartWith(db, [[item.sku, 1]]);
    const email = uniqueEmail("drop");
    fake.dropNext("create", 1, { afterProcessing: true });

    const placed = await checkout(`key-${tag()}-${tag()}`, cartId, checkoutInput(email));

    const creates = fake.requests.filter((r) => r.operation === "create");
    expect(creates.length).toBeGreaterThanOrEqual(2);
    expect(new Set(creates.map((r) => r.idempotencyKey)).size).toBe(1);
    expect(creates.some((r) => r.replayed)).toBe(true);
    const created = fake.createdIntents();
    expect(created).toHaveLength(1);
    const body = placed.body as { payment: { clientSecret: string } };
    expect(body.payment.clientSecret).toBe(created[0]?.client_secret);
    const [order] = await ordersFor(db, email);
    expect(order?.status).toBe("pending_payment");
    expect((await paymentOf(db, order?.order_no ?? "")).provider_payment_id).toBe(created[0]?.id);
    expect(await cartRows(db, cartId)).toEqual([]);
  });
});

describe("checkout: a key whose holder died", () => {
  it("a key left in progress by a killed server is taken over by the retry once its lease runs out", async () => {
    const db = getDb();
    const item = await oneSku(db, "IDEM-DEAD", 5);
    const cartId = await cartWith(db, [[item.sku, 1]]);
    const email = uniqueEmail("dead");
    const input = checkoutInput(email);
    const key = `key-${tag()}-${tag()}`;
    // What a server killed after claiming the key leaves behind: a claim nobody renews (lease: 0.6 s left).
    await db.execute(sql`insert into idempotency_keys (scope, key, request_hash, status, locked_until)
      values ('checkout', ${key}, ${requestHash({ cartId, checkout: input })}, 'in_progress',
        now() + interval '600 milliseconds')`);

    const started = Date.now();
    const retried = await checkout(key, cartId, input);

    expect(Date.now() - started).toBeGreaterThanOrEqual(500); // waited for the lease, then took over
    expect(retried.status).toBe(201);
    expect(retried.replayed).toBe(false);
    expect(await ordersFor(db, email)).toHaveLength(1);
    expect(fake.createdIntents()).toHaveLength(1);
    const [row] = await q<{ status: string }>(
      db,
      sql`select status from idempotency_keys where scope = 'checkout' and key = ${key}`,
    );
    expect(row?.status).toBe("completed");
    expect((await checkout(key, cartId, input)).replayed).toBe(true);
    // Another body under that key is still refused, lease or not.
    expect((await appError(checkout(key, cartId, checkoutInput(uniqueEmail("other"))))).code).toBe(
      "IDEMPOTENCY_KEY_REUSED",
    );
  });

  it("the order was written, then the server died before answering: the retry gets that order, not CART_EMPTY", async () => {
    const db = getDb();
    const item = await oneSku(db, "IDEM-AFTER", 5);
    const cartId = await cartWith(db, [[item.sku, 2]]);
    const email = uniqueEmail("after");
    const input = checkoutInput(email);
    const key = `key-${tag()}-${tag()}`;
    // The dead server claimed the key and placed the order (the order and the key's link to it commit
    // together), opened the PaymentIntent, and died before storing the answer.
    await db.execute(sql`insert into idempotency_keys (scope, key, request_hash, status, locked_until)
      values ('checkout', ${key}, ${requestHash({ cartId, checkout: input })}, 'in_progress',
        now() + interval '300 milliseconds')`);
    const placed = await placeOrder(db, {
      cartId,
      userId: null,
      checkout: input,
      locale: "tr",
      idempotency: { scope: "checkout", key },
    });

    const retried = await checkout(key, cartId, input);
    expect(retried.status).toBe(201);
    expect(retried.body).toEqual(placed);
    expect(await ordersFor(db, email)).toHaveLength(1);
    expect(fake.createdIntents()).toHaveLength(1);
    expect((await checkout(key, cartId, input)).replayed).toBe(true);
  });

  it("the order was written but its payment not opened yet: the retry opens it (one PaymentIntent)", async () => {
    const db = getDb();
    const item = await oneSku(db, "IDEM-BEFORE-PI", 5);
    const cartId = await cartWith(db, [[item.sku, 1]]);
    const email = uniqueEmail("before-pi");
    const input = checkoutInput(email);
    const key = `key-${tag()}-${tag()}`;
    await db.execute(sql`insert into idempotency_keys (scope, key, request_hash, status, locked_until)
      values ('checkout', ${key}, ${requestHash({ cartId, checkout: input })}, 'in_progress',
        now() + interval '300 milliseconds')`);
    const placed = await placeOrder(db, {
      cartId,
      userId: null,
      checkout: input,
      locale: "tr",
      idempotency: { scope: "checkout", key },
    });
    // As if the crash came between the order's commit and the provider's answer being stored.
    await db.execute(sql`update payments set session = null, provider_payment_id = null
      where order_id = (select id from orders where order_no = ${placed.order.orderNo})`);

    const retried = await checkout(key, cartId, input);
    expect(retried.status).toBe(201);
    expect(retried.body.order).toEqual(placed.order);
    expect(retried.body.payment).toEqual(placed.payment);
    expect(await ordersFor(db, email)).toHaveLength(1);
    expect(new Set(fake.createdIntents().map((intent) => intent.id)).size).toBe(1);
    expect((await paymentOf(db, placed.order.orderNo)).provider_payment_id).toMatch(/^pi_/);
  });

  it("a slow holder keeps renewing its lease: repeats wait for it and the work runs once", async () => {
    const key = `key-${tag()}-${tag()}`;
    let runs = 0;
    const slow = () =>
      withIdempotency(
        pool.db,
        "lease-test",
        key,
        "same-hash",
        async () => {
          runs++;
          await new Promise((resolve) => setTimeout(resolve, 1500)); // five leases of 0.3 s
          return { status: 201, body: { run: runs } };
        },
        { leaseMs: 300 },
      );
    const first = slow();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const repeats = await Promise.all(Array.from({ length: 5 }, slow));

    expect(runs).toBe(1);
    expect((await first).replayed).toBe(false);
    for (const repeat of repeats) expect(repeat).toEqual({ status: 201, body: { run: 1 }, replayed: true });
  });
});
