// Shared helpers of the admin integration tests (tests/integration/admin-*.test.ts): staff and customer
// sessions as real next-auth cookies, admin API tokens, calling route handlers directly, orders placed
// through the real checkout (offline, or card with the fake Stripe and the real webhook handler).
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { encode } from "next-auth/jwt";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { Role } from "@/db/schema";
import { createAdminToken } from "@/lib/admin/tokens";
import { env } from "@/lib/env";
import { receiveStripeEvent } from "@/lib/payments/events";
import type { FakeStripe } from "@/tests/support/fake-stripe";
import { cartWith, checkoutInput, oneSku, place, q, uniqueEmail } from "./checkout-support";

export const BASE = "http://localhost:3000";
/** The session cookie's name over http (next-auth's default; `__Secure-…` only behind https in production). */
const SESSION_COOKIE = "authjs.session-token";

export interface TestUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** The `Cookie` header of a signed-in browser of this user. */
  cookie: string;
}

/** A user of that role with a real (encrypted, signed) next-auth session cookie. */
export async function makeUser(db: Database, role: Role, name = `${role} ${randomBytes(2).toString("hex")}`) {
  const email = uniqueEmail(role);
  const [row] = await q<{ id: string }>(
    db,
    sql`insert into users (email, name, password_hash, role) values (${email}, ${name}, 'not-a-hash', ${role})
      returning id`,
  );
  if (!row) throw new Error("user insert failed");
  const jwt = await encode({
    token: { sub: row.id, role, name, email },
    secret: env().AUTH_SECRET,
    salt: SESSION_COOKIE,
  });
  return { id: row.id, name, email, role, cookie: `${SESSION_COOKIE}=${jwt}` } satisfies TestUser;
}

export async function makeToken(
  db: Database,
  name = `ERP ${randomBytes(2).toString("hex")}`,
  expiresAt?: Date,
) {
  const { token, info } = await createAdminToken(db, {
    name,
    createdBy: "test",
    expiresAt: expiresAt ?? null,
  });
  return { token, id: info.id, name, authorization: `Bearer ${token}` };
}

type Handler = (
  request: NextRequest,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;

export interface CallOptions {
  method?: string;
  params?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  /** A user's session cookie or `Bearer …` token; nothing for an anonymous call. */
  as?: TestUser | { authorization: string } | null;
}

/** Calls a route handler the way Next.js does, and reads its JSON answer. */
export async function call(handler: unknown, path: string, options: CallOptions = {}) {
  const headers = new Headers(options.headers);
  if (options.as && "cookie" in options.as) headers.set("cookie", options.as.cookie);
  if (options.as && "authorization" in options.as) headers.set("authorization", options.as.authorization);
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const request = new NextRequest(`${BASE}${path}`, { method: options.method ?? "GET", headers, body });
  const response = await (handler as Handler)(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : null) as Record<string, unknown> & {
      error?: { code: string; message: string; details: Record<string, unknown> };
    },
  };
}

/** A cash-on-delivery (or bank transfer) order of `qty` units of a fresh SKU: awaiting_confirmation, stock taken. */
export async function offlineOrder(
  db: Database,
  prefix: string,
  options: {
    stock?: number;
    qty?: number;
    price?: number;
    method?: "cash_on_delivery" | "bank_transfer";
  } = {},
) {
  const item = await oneSku(db, prefix, options.stock ?? 10, options.price ?? 25_000);
  const qty = options.qty ?? 2;
  const cartId = await cartWith(db, [[item.sku, qty]]);
  const email = uniqueEmail(prefix.toLowerCase());
  const placed = await place(
    db,
    cartId,
    checkoutInput(email, { paymentMethod: options.method ?? "cash_on_delivery" }),
  );
  return { item, qty, email, ...placed };
}

/** A card order placed with the fake Stripe, left unpaid (pending_payment, stock held). */
export async function unpaidCardOrder(
  db: Database,
  prefix: string,
  options: { stock?: number; qty?: number } = {},
) {
  const item = await oneSku(db, prefix, options.stock ?? 10, 30_000);
  const qty = options.qty ?? 2;
  const cartId = await cartWith(db, [[item.sku, qty]]);
  const email = uniqueEmail(prefix.toLowerCase());
  const placed = await place(db, cartId, checkoutInput(email));
  if (!placed.intentId) throw new Error("no PaymentIntent stored");
  return { item, qty, email, ...placed, intentId: placed.intentId };
}

/** A card order paid through the real webhook handler (payment_intent.succeeded from the fake Stripe). */
export async function paidCardOrder(
  db: Database,
  fake: FakeStripe,
  prefix: string,
  options: { stock?: number; qty?: number } = {},
) {
  const order = await unpaidCardOrder(db, prefix, options);
  const { event } = await fake.succeed(order.intentId);
  const outcome = await receiveStripeEvent(db, event as unknown as Stripe.Event);
  if (outcome !== "applied") throw new Error(`payment not applied: ${outcome}`);
  return order;
}

export async function orderRow(db: Database, orderNo: string) {
  const [row] = await q<{ id: string; status: string; total: string; refunded: string }>(
    db,
    sql`select id, status, total, refunded from orders where order_no = ${orderNo}`,
  );
  if (!row) throw new Error(`no order ${orderNo}`);
  return { ...row, total: Number(row.total), refunded: Number(row.refunded) };
}

export async function refundRows(db: Database, orderNo: string) {
  return q<{
    id: string;
    amount: string;
    actor: string;
    provider_refund_id: string | null;
    idempotency_key: string;
  }>(
    db,
    sql`select r.* from refunds r join orders o on o.id = r.order_id where o.order_no = ${orderNo} order by r.created_at`,
  );
}

export async function eventsOf(db: Database, orderNo: string) {
  return q<{
    type: string;
    from_status: string | null;
    to_status: string | null;
    actor: string;
    note: string | null;
  }>(
    db,
    sql`select e.type, e.from_status, e.to_status, e.actor, e.note from order_events e
      join orders o on o.id = e.order_id where o.order_no = ${orderNo} order by e.id`,
  );
}

/** Everything about an order that a refused action must leave as it was. */
export async function snapshot(db: Database, orderNo: string) {
  const [row] = await q<Record<string, unknown>>(
    db,
    sql`select o.status, o.refunded, o.updated_at::text,
      (select count(*)::int from order_events e where e.order_id = o.id) as events,
      (select count(*)::int from refunds r where r.order_id = o.id) as refunds,
      (select count(*)::int from shipments s where s.order_id = o.id) as shipments,
      (select coalesce(sum(i.on_hand), 0)::int from inventory i join order_items it on it.variant_id = i.variant_id
        where it.order_id = o.id) as on_hand,
      (select coalesce(sum(i.reserved), 0)::int from inventory i join order_items it on it.variant_id = i.variant_id
        where it.order_id = o.id) as reserved,
      (select count(*)::int from graphile_worker._private_jobs j where j.payload #>> '{message,orderNo}' = o.order_no)
        as emails
    from orders o where o.order_no = ${orderNo}`,
  );
  return row;
}

export const newKey = () => `test-${randomBytes(8).toString("hex")}`;
