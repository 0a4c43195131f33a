// Shared helpers of the checkout, payment and webhook integration tests (tests/integration/checkout-*.test.ts).
//
// Every service here reads the environment through lib/env.ts, which parses it once on first use: a test file
// that needs card payments calls `startFakeStripeEnv()` with top-level await BEFORE any test code runs, so
// STRIPE_* point at the project's fake Stripe server when the environment is first read.
import { randomBytes } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import { expect } from "vitest";
import { createDb, type Database } from "@/db/client";
import { addItem } from "@/lib/cart/service";
import { newCartId } from "@/lib/cart/token";
import { type CheckoutInput, checkoutSchema } from "@/lib/checkout/schemas";
import { placeOrder } from "@/lib/checkout/service";
import { AppError } from "@/lib/errors";
import { type FakeStripe, startFakeStripe } from "@/tests/support/fake-stripe";
import { expectStockInvariant, makeSkus as makeStockSkus, q } from "@/tests/support/stock";

export { expectStockInvariant, q };

export const WEBHOOK_SECRET = "whsec_checkout_tests_secret";
export const SECRET_KEY = "sk_test_checkout_tests";
export const MINUTE = 60_000;

/** Starts the fake Stripe and points the store's environment at it (call before anything reads env()). */
export async function startFakeStripeEnv(): Promise<FakeStripe> {
  const fake = await startFakeStripe({ secretKey: SECRET_KEY });
  process.env.STRIPE_SECRET_KEY = SECRET_KEY;
  process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
  process.env.STRIPE_API_BASE = fake.url;
  return fake;
}

/** Removes every card provider's settings, for the files that prove the store without card payments. */
export function clearCardProviderEnv(): void {
  for (const name of [
    "STRIPE_SECRET_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "STRIPE_API_BASE",
    "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY",
    "IYZICO_API_KEY",
    "IYZICO_SECRET_KEY",
    "IYZICO_BASE_URL",
    "PAYTR_MERCHANT_ID",
    "PAYTR_MERCHANT_KEY",
    "PAYTR_MERCHANT_SALT",
    "PAYTR_BASE_URL",
  ]) {
    delete process.env[name];
  }
}

/** An extra pool of real connections to this file's database, for concurrency. */
export function extraPool(max = 30) {
  return createDb(process.env.DATABASE_URL ?? "", { max });
}

export const tag = () => randomBytes(4).toString("hex");

/** Fresh SKUs (tests/support/stock.ts) under a prefix made unique, so a file's tests never collide. */
export function makeSkus(db: Database, prefix: string, stocks: number[], price = 12_500) {
  return makeStockSkus(db, `${prefix}-${tag()}`.toUpperCase(), stocks, price);
}

export async function oneSku(db: Database, prefix: string, stock: number, price = 12_500) {
  const [made] = await makeSkus(db, prefix, [stock], price);
  if (!made) throw new Error("setup failed");
  return made;
}

/** A discount code of this test only (so single-use codes do not leak between tests of a file). */
export async function makeCoupon(
  db: Database,
  values: { type?: "percent" | "fixed" | "free_shipping"; value?: number; usageLimit?: number | null } = {},
) {
  const code = `T${tag()}`.toUpperCase();
  const [row] = await q<{ id: number }>(
    db,
    sql`insert into coupons (code, type, value, usage_limit)
      values (${code}, ${values.type ?? "percent"}, ${values.value ?? 10}, ${values.usageLimit ?? null})
      returning id`,
  );
  return { code, id: row?.id ?? 0 };
}

export async function stockOf(db: Database, variantId: number) {
  const [row] = await q<{ on_hand: number; reserved: number }>(
    db,
    sql`select on_hand, reserved from inventory where variant_id = ${variantId}`,
  );
  if (!row) throw new Error(`no inventory for ${variantId}`);
  return { onHand: row.on_hand, reserved: row.reserved };
}

/** Reservations of a variant as rows to compare before and after (everything but ids). */
export async function reservationsOf(db: Database, variantId: number) {
  return q<Record<string, unknown>>(
    db,
    sql`select cart_id, order_id, qty, status, expires_at::text, updated_at::text from reservations
      where variant_id = ${variantId} order by id`,
  );
}

/** The cart's lines as rows to compare before and after. */
export async function cartRows(db: Database, cartId: string) {
  return q<Record<string, unknown>>(
    db,
    sql`select variant_id, qty, unit_price::int as unit_price from cart_items where cart_id = ${cartId}
      order by variant_id`,
  );
}

export async function cartCodes(db: Database, cartId: string) {
  const rows = await q<{ code: string }>(
    db,
    sql`select k.code from cart_coupons cc join coupons k on k.id = cc.coupon_id where cc.cart_id = ${cartId}
      order by k.code`,
  );
  return rows.map((r) => r.code);
}

export async function ordersFor(db: Database, email: string) {
  return q<{
    id: string;
    order_no: string;
    status: string;
    total: string;
    refunded: string;
    discount: string;
  }>(
    db,
    sql`select id, order_no, status, total, refunded, discount from orders where email = ${email} order by placed_at`,
  );
}

export async function orderByNo(db: Database, orderNo: string) {
  const [row] = await q<{
    id: string;
    order_no: string;
    status: string;
    total: string;
    refunded: string;
    fees: string;
    discount: string;
    payment_method: string;
  }>(db, sql`select * from orders where order_no = ${orderNo}`);
  if (!row) throw new Error(`no order ${orderNo}`);
  return row;
}

export async function timelineOf(db: Database, orderNo: string) {
  const rows = await q<{ type: string; from_status: string | null; to_status: string | null }>(
    db,
    sql`select e.type, e.from_status, e.to_status from order_events e join orders o on o.id = e.order_id
      where o.order_no = ${orderNo} order by e.id`,
  );
  return rows;
}

/** The email jobs queued for an order (none has run: no worker runs in these tests), oldest first. */
export async function emailJobs(db: Database, orderNo: string) {
  return q<{ key: string; message: Record<string, unknown> }>(
    db,
    sql`select key, payload->'message' as message from graphile_worker._private_jobs
      where payload #>> '{message,orderNo}' = ${orderNo} order by id`,
  );
}

/** The event keys of an order's queued emails, oldest first. */
export async function emailKeys(db: Database, orderNo: string) {
  return (await emailJobs(db, orderNo)).map((job) => job.key);
}

export async function paymentOf(db: Database, orderNo: string) {
  const [row] = await q<{
    provider: string;
    status: string;
    provider_payment_id: string | null;
    session: Record<string, string> | null;
    amount: string;
  }>(
    db,
    sql`select p.* from payments p join orders o on o.id = p.order_id where o.order_no = ${orderNo}
      order by p.attempt desc limit 1`,
  );
  if (!row) throw new Error(`no payment for ${orderNo}`);
  return row;
}

/** Ledger rows of one reason for a variant (e.g. 'commit' rows written for an order number). */
export async function ledgerOf(db: Database, variantId: number, reason: string, reference?: string) {
  return q<{ on_hand_delta: number; reserved_delta: number; reference: string }>(
    db,
    sql`select on_hand_delta, reserved_delta, reference from stock_ledger where variant_id = ${variantId}
      and reason = ${reason} ${reference === undefined ? sql`` : sql`and reference = ${reference}`} order by id`,
  );
}

export async function countRows(db: Database, table: string, where: SQL = sql`true`) {
  const [row] = await q<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${sql.identifier(table)} where ${where}`,
  );
  return row?.n ?? 0;
}

/** A valid checkout body, validated (and normalized) by the real schema. */
export function checkoutInput(
  email: string,
  overrides: Partial<Record<string, unknown>> & { address?: Record<string, unknown> } = {},
): CheckoutInput {
  const { address, ...rest } = overrides;
  return checkoutSchema.parse({
    email,
    shippingAddress: {
      name: "Ayşe Yılmaz",
      line1: "Bağdat Caddesi No: 12 D: 3",
      district: "Kadıköy",
      city: "İstanbul",
      postalCode: "34710",
      country: "TR",
      phone: "+905551112233",
      ...address,
    },
    shippingMethod: "standard",
    paymentMethod: "card",
    acceptedTerms: true,
    ...rest,
  });
}

export const uniqueEmail = (name: string) => `${name}-${tag()}@example.com`;

/** A guest cart holding these SKUs (added, and reserved, at `now`). */
export async function cartWith(db: Database, items: [sku: string, qty: number][], now = new Date()) {
  const cartId = newCartId();
  for (const [sku, qty] of items) await addItem(db, { cartId }, { sku, qty }, now);
  return cartId;
}

/** Places an order and returns its number, the order id and (for cards) the PaymentIntent id. */
export async function place(
  db: Database,
  cartId: string,
  checkout: CheckoutInput,
  now = new Date(),
  userId: string | null = null,
) {
  const result = await placeOrder(db, { cartId, userId, checkout, locale: "tr" }, now);
  const payment = await paymentOf(db, result.order.orderNo);
  const order = await orderByNo(db, result.order.orderNo);
  return { result, orderNo: result.order.orderNo, orderId: order.id, intentId: payment.provider_payment_id };
}

/** What a call ended with: "ok", an AppError's code, or the text of anything else. */
export async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof AppError) return error.code;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return `unexpected ${cause?.code ?? ""} ${cause?.message ?? String(error)}`.trim();
  }
}

/** The AppError a call threw (fails the test when it resolved or threw something else). */
export async function appError(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "expected an AppError").toBeInstanceOf(AppError);
  return error as AppError;
}

export function tally(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/** Log lines the tests cause on purpose (route handlers called outside a request, Stripe refusing a call). */
