import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as oneRoute } from "@/app/api/admin/returns/[returnNo]/route";
import { POST as transitionsRoute } from "@/app/api/admin/returns/[returnNo]/transitions/route";
import { GET as listRoute } from "@/app/api/admin/returns/route";
import { POST as returnsRoute } from "@/app/api/orders/[orderNo]/returns/route";
import type { Database } from "@/db/client";
import { getDb } from "@/lib/db";
import { transitionOrder } from "@/lib/orders/staff";
import { requestReturn, transitionReturn } from "@/lib/returns/service";
import { saveReturnSettings } from "@/lib/returns/settings";
import { simulatedReturnCode } from "@/lib/shipping/carriers/simulated";
import {
  type CallOptions,
  call,
  makeUser,
  offlineOrder,
  orderRow,
  paidCardOrder,
  refundRows,
  type TestUser,
} from "./admin-support";
import { emailKeys, extraPool, q, startFakeStripeEnv, stockOf, tally } from "./checkout-support";

// Returns of delivered units: who may ask, the window from each parcel's delivery, quantities re-counted
// under the order's row lock (20 requests racing for the last unit: one wins), the staff's state machine,
// and the refund through the existing refund machinery — once at the card provider with the stock back, or
// recorded as an IBAN transfer for an offline order — with one email per step.

// The request's cookies and signed-in user, as next/headers and next-auth give them to a route handler.
const jar = vi.hoisted(() => new Map<string, string>());
const session = vi.hoisted(() => ({ user: null as { id: string; role: string } | null }));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    has: (name: string) => jar.has(name),
    set: (name: string, value: string) => jar.set(name, value),
    delete: (name: string) => jar.delete(name),
  }),
  headers: async () => new Headers(),
}));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));

const fake = await startFakeStripeEnv();
const pool = extraPool(25);
const DAY = 86_400_000;
let staff: TestUser;

beforeAll(async () => {
  await pool.db.execute(sql`select 1`);
  staff = await makeUser(getDb(), "staff", "Elif Demir");
});

afterAll(async () => {
  await pool.client.end({ timeout: 5 });
  await fake.close();
});

beforeEach(() => {
  jar.clear();
  session.user = null;
  fake.reset();
});

const context = (now = new Date()) => ({ actor: "Elif Demir", locale: "tr" as const, now });

/** Confirmed (or taken into processing), shipped by hand and delivered at `deliveredAt`. */
async function deliver(db: Database, orderNo: string, deliveredAt = new Date()) {
  await transitionOrder(
    db,
    orderNo,
    { to: "processing" },
    context(new Date(deliveredAt.getTime() - 2 * DAY)),
  );
  await transitionOrder(
    db,
    orderNo,
    { to: "shipped", carrier: "Aras Kargo", trackingNo: "AR123456" },
    context(new Date(deliveredAt.getTime() - DAY)),
  );
  await transitionOrder(db, orderNo, { to: "delivered" }, context(deliveredAt));
}

let client = 0;

/** Each call from its own address: lookups by email count in tracking's limit per IP. */
function ask(orderNo: string, body: unknown, as?: CallOptions["as"]) {
  return call(returnsRoute, `/api/orders/${orderNo}/returns`, {
    method: "POST",
    params: { orderNo },
    body,
    as,
    headers: { "x-forwarded-for": `198.51.100.${++client % 250}` },
  });
}

function move(returnNo: string, body: unknown) {
  return call(transitionsRoute, `/api/admin/returns/${returnNo}/transitions`, {
    method: "POST",
    params: { returnNo },
    body,
    as: staff,
  });
}

const returnNoOf = (answer: { body: Record<string, unknown> }) =>
  (answer.body.return as { returnNo: string }).returnNo;

describe("asking for a return", () => {
  it("404 for an unknown order and for a visitor who may not see it; the email or the owner's session opens it", async () => {
    const db = getDb();
    const order = await offlineOrder(db, "RTA", { qty: 2 });
    await deliver(db, order.orderNo);
    const body = { lines: [{ sku: order.item.sku, qty: 1, reason: "damaged" }] };

    expect((await ask("SF-2099-999999", body)).status).toBe(404);
    const stranger = await ask(order.orderNo, body);
    expect(stranger.status).toBe(404);
    expect(stranger.body.error?.code).toBe("ORDER_NOT_FOUND");
    expect((await ask(order.orderNo, { ...body, email: "baska@example.com" })).status).toBe(404);

    const guest = await ask(order.orderNo, { ...body, email: order.email.toUpperCase() });
    expect(guest.status).toBe(201);
    expect(guest.body.return).toMatchObject({
      returnNo: expect.stringMatching(/^IAD-\d{4}-\d{6}$/),
      status: "requested",
      lines: [{ sku: order.item.sku, qty: 1, reason: "damaged" }],
    });

    const owner = await makeUser(db, "customer");
    await db.execute(sql`update orders set user_id = ${owner.id} where order_no = ${order.orderNo}`);
    session.user = { id: owner.id, role: "customer" };
    expect((await ask(order.orderNo, body)).status).toBe(201);
    session.user = { id: (await makeUser(db, "customer")).id, role: "customer" };
    expect((await ask(order.orderNo, body)).status).toBe(404);
  });

  it("guessing emails counts in tracking's limit per IP: 429 after 20 lookups", async () => {
    const db = getDb();
    const order = await offlineOrder(db, "RTL");
    const body = { lines: [{ sku: order.item.sku, qty: 1, reason: "damaged" }] };
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const answer = await call(returnsRoute, `/api/orders/${order.orderNo}/returns`, {
        method: "POST",
        params: { orderNo: order.orderNo },
        body: { ...body, email: `tahmin-${i}@example.com` },
        headers: { "x-forwarded-for": "203.0.113.77" },
      });
      statuses.push(answer.status);
    }
    expect(statuses.slice(0, 20).every((status) => status === 404)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it("400 VALIDATION_FAILED for bad bodies, in the request's language, naming the fields", async () => {
    const db = getDb();
    const order = await offlineOrder(db, "RTB");
    await deliver(db, order.orderNo);
    const email = order.email;
    for (const bad of [
      {},
      { lines: [], email },
      { lines: [{ sku: order.item.sku, qty: 0, reason: "damaged" }], email },
      { lines: [{ sku: order.item.sku, qty: 1, reason: "bored" }], email },
      {
        lines: [{ sku: order.item.sku, qty: 1, reason: "damaged" }],
        iban: "TR000000000000000000000000",
        email,
      },
    ]) {
      const answer = await ask(order.orderNo, bad);
      expect(answer.status).toBe(400);
      expect(answer.body.error?.code).toBe("VALIDATION_FAILED");
      expect(Object.keys(answer.body.error?.details.fields as object).length).toBeGreaterThan(0);
    }
    const unknown = await ask(order.orderNo, { lines: [{ sku: "NOPE-1", qty: 1, reason: "other" }], email });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.details.fields).toEqual({ "lines.0.sku": "Bu ürün siparişte yok." });
    expect(
      await q(
        db,
        sql`select 1 from returns r join orders o on o.id = r.order_id
      where o.order_no = ${order.orderNo}`,
      ),
    ).toHaveLength(0);
  });

  it("422 NOT_DELIVERED before delivery, RETURN_WINDOW_CLOSED after the window (a store setting)", async () => {
    const db = getDb();
    const notYet = await offlineOrder(db, "RTC");
    await transitionOrder(db, notYet.orderNo, { to: "processing" }, context());
    const line = { sku: notYet.item.sku, qty: 1, reason: "changed_mind" };
    const early = await ask(notYet.orderNo, { lines: [line], email: notYet.email });
    expect(early.status).toBe(422);
    expect(early.body.error?.code).toBe("NOT_DELIVERED");

    const old = await offlineOrder(db, "RTD");
    await deliver(db, old.orderNo, new Date(Date.now() - 15 * DAY));
    const late = await ask(old.orderNo, { lines: [{ ...line, sku: old.item.sku }], email: old.email });
    expect(late.status).toBe(422);
    expect(late.body.error).toMatchObject({ code: "RETURN_WINDOW_CLOSED", details: { windowDays: 14 } });
    expect(late.body.error?.message).toContain("14 gün");

    // Day 13 is within the window; a window of 30 days reopens day 15.
    const recent = await offlineOrder(db, "RTE");
    await deliver(db, recent.orderNo, new Date(Date.now() - 13 * DAY));
    expect(
      (await ask(recent.orderNo, { lines: [{ ...line, sku: recent.item.sku }], email: recent.email })).status,
    ).toBe(201);
    await saveReturnSettings(db, { windowDays: 30 }, "test");
    try {
      expect(
        (await ask(old.orderNo, { lines: [{ ...line, sku: old.item.sku }], email: old.email })).status,
      ).toBe(201);
    } finally {
      await db.execute(sql`delete from store_settings where key = 'returns'`);
    }
  });

  it("422 RETURN_QTY_EXCEEDED past what was delivered minus earlier returns; a rejected return frees its units", async () => {
    const db = getDb();
    const order = await offlineOrder(db, "RTF", { qty: 3 });
    await deliver(db, order.orderNo);
    const lines = (qty: number) => ({
      lines: [{ sku: order.item.sku, qty, reason: "size_fit" }],
      email: order.email,
    });
    const first = await ask(order.orderNo, lines(2));
    expect(first.status).toBe(201);
    const tooMany = await ask(order.orderNo, lines(2));
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error).toMatchObject({
      code: "RETURN_QTY_EXCEEDED",
      details: { sku: order.item.sku, requested: 2, returnable: 1 },
    });
    expect((await move(returnNoOf(first), { to: "rejected", note: "Kullanılmış" })).status).toBe(200);
    expect((await ask(order.orderNo, lines(3))).status).toBe(201);
  });

  it("20 requests at once for the last unit, each on its own connection: exactly one return", async () => {
    const db = getDb();
    const order = await offlineOrder(db, "RTG", { qty: 1 });
    await deliver(db, order.orderNo);
    const input = { lines: [{ sku: order.item.sku, qty: 1, reason: "damaged" as const }] };
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        requestReturn(i % 2 ? pool.db : db, order.orderNo, input, { actor: "customer" }),
      ),
    );
    const outcomes = results.map((r) =>
      r.status === "fulfilled" ? "ok" : ((r.reason as { code?: string }).code ?? String(r.reason)),
    );
    expect(tally(outcomes)).toEqual({ ok: 1, RETURN_QTY_EXCEEDED: 19 });
    const [count] = await q<{ n: number }>(
      db,
      sql`select count(*)::int as n from returns r join orders o on o.id = r.order_id where o.order_no = ${order.orderNo}`,
    );
    expect(count?.n).toBe(1);
  });

  it("a parcel of the simulated carrier gives a return code; a hand-typed one the seller's address", async () => {
    const db = getDb();
    const order = await offlineOrder(db, "RTH");
    await deliver(db, order.orderNo);
    const line = { sku: order.item.sku, qty: 1, reason: "wrong_item" };
    const manual = await ask(order.orderNo, { lines: [line], email: order.email });
    expect(manual.body.return).toMatchObject({
      returnCode: null,
      instructions: { reference: returnNoOf(manual), address: expect.stringContaining("Kadıköy") },
    });
    // As the simulated carrier's tracking leaves a parcel it delivered.
    await db.execute(sql`update shipments set adapter = 'simulated' from orders o
      where o.id = shipments.order_id and o.order_no = ${order.orderNo}`);
    const coded = await ask(order.orderNo, { lines: [line], email: order.email });
    expect(coded.body.return).toMatchObject({
      returnCode: simulatedReturnCode(returnNoOf(coded)),
      instructions: null,
    });
  });
});

describe("staff moves", () => {
  it("approve, receive and refund a card order's return: once at Stripe, stock back, one email per step", async () => {
    const db = getDb();
    const order = await paidCardOrder(db, fake, "RTI", { qty: 2, stock: 5 });
    await deliver(db, order.orderNo);
    const stockBefore = await stockOf(db, order.item.id);
    const asked = await ask(order.orderNo, {
      lines: [{ sku: order.item.sku, qty: 1, reason: "damaged" }],
      note: "Kutu ezik geldi",
      email: order.email,
    });
    const returnNo = returnNoOf(asked);

    expect((await move(returnNo, { to: "received" })).body.error).toMatchObject({
      code: "INVALID_TRANSITION",
      details: { from: "requested", to: "received" },
    });
    expect((await move(returnNo, { to: "approved" })).body).toMatchObject({ status: "approved" });
    expect((await move(returnNo, { to: "approved" })).status).toBe(409);
    const received = await move(returnNo, {
      to: "received",
      lines: [{ sku: order.item.sku, qty: 1, restock: true }],
    });
    expect(received.body).toMatchObject({
      status: "received",
      lines: [{ sku: order.item.sku, qty: 1, received: 1, restock: true }],
    });
    const refunded = await move(returnNo, { to: "refunded", note: "İade onaylandı" });
    expect(refunded.status).toBe(200);
    const again = await move(returnNo, { to: "refunded" });
    expect(again.status).toBe(409);
    expect(again.body.error?.details).toMatchObject({ from: "refunded", to: "refunded" });

    // One unit of two: half of what the line was paid after its discount (lib/orders/refunds.ts).
    const [line] = await q<{ paid: number }>(
      db,
      sql`select (line_total - discount)::int as paid from order_items where sku = ${order.item.sku}`,
    );
    const share = Math.floor((line?.paid ?? 0) / 2);
    const atStripe = fake.refundsFor(order.intentId);
    expect(atStripe.map((r) => r.amount)).toEqual([share]);
    expect(refunded.body).toMatchObject({
      status: "refunded",
      refund: { amount: atStripe[0]?.amount, state: "sent" },
    });
    expect(await orderRow(db, order.orderNo)).toMatchObject({
      status: "partially_refunded",
      refunded: atStripe[0]?.amount,
    });
    expect((await stockOf(db, order.item.id)).onHand).toBe(stockBefore.onHand + 1);

    const steps = (refunded.body.timeline as { type: string; actor: string }[]).map((e) => [e.type, e.actor]);
    expect(steps).toEqual([
      ["return_requested", "customer"],
      ["return_approved", "Elif Demir"],
      ["return_received", "Elif Demir"],
      ["return_refunded", "Elif Demir"],
    ]);
    const keys = (await emailKeys(db, order.orderNo)).filter(
      (k) => k.includes(returnNo) || k.startsWith("refunded:"),
    );
    expect(keys).toEqual([
      `return_requested:${returnNo}`,
      `return_approved:${returnNo}`,
      `return_received:${returnNo}`,
      `refunded:${(await refundRows(db, order.orderNo))[0]?.id}`,
    ]);
  });

  it("staff racing on one return: one approval or rejection wins, each step once in the timeline and the emails", async () => {
    const db = getDb();
    const order = await offlineOrder(db, "RTM");
    await deliver(db, order.orderNo);
    const made = await requestReturn(
      db,
      order.orderNo,
      { lines: [{ sku: order.item.sku, qty: 1, reason: "damaged" }] },
      { actor: "customer" },
    );
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        transitionReturn(
          i % 2 ? pool.db : db,
          made.returnNo,
          { to: i < 5 ? "approved" : "rejected" },
          context(),
        ),
      ),
    );
    const outcomes = results.map((r) =>
      r.status === "fulfilled" ? "ok" : (r.reason as { code?: string }).code,
    );
    expect(tally(outcomes as string[])).toEqual({ ok: 1, INVALID_TRANSITION: 9 });
    const steps = await q<{ type: string }>(
      db,
      sql`select type from order_events where return_no = ${made.returnNo} order by id`,
    );
    expect(steps.map((s) => s.type)).toHaveLength(2);
    expect((await emailKeys(db, order.orderNo)).filter((k) => k.includes(made.returnNo))).toHaveLength(2);
  });

  it("a rejected return ends there; 404 for an unknown return; the list filters by status", async () => {
    const db = getDb();
    const order = await offlineOrder(db, "RTJ");
    await deliver(db, order.orderNo);
    const asked = await ask(order.orderNo, {
      lines: [{ sku: order.item.sku, qty: 1, reason: "other" }],
      email: order.email,
    });
    const returnNo = returnNoOf(asked);
    expect((await move(returnNo, { to: "rejected" })).body).toMatchObject({ status: "rejected" });
    for (const to of ["approved", "received", "refunded"]) {
      expect((await move(returnNo, { to })).status).toBe(409);
    }
    expect((await move("IAD-2099-000001", { to: "approved" })).status).toBe(404);
    const one = await call(oneRoute, `/api/admin/returns/${returnNo}`, { params: { returnNo }, as: staff });
    expect(one.body).toMatchObject({ returnNo, orderNo: order.orderNo, status: "rejected", nextSteps: [] });
    const unknown = await call(oneRoute, "/api/admin/returns/IAD-2099-000001", {
      params: { returnNo: "IAD-2099-000001" },
      as: staff,
    });
    expect(unknown.status).toBe(404);
    expect((await move(returnNo, { to: "requested" })).status).toBe(400);

    const list = await call(listRoute, "/api/admin/returns?status=rejected&limit=100", { as: staff });
    expect(list.status).toBe(200);
    const items = list.body.items as { returnNo: string; status: string; orderNo: string }[];
    expect(items.every((item) => item.status === "rejected")).toBe(true);
    expect(items.find((item) => item.returnNo === returnNo)).toMatchObject({
      orderNo: order.orderNo,
      units: 1,
    });
    expect((await call(listRoute, "/api/admin/returns?status=lost", { as: staff })).status).toBe(400);
    expect((await call(listRoute, "/api/admin/returns")).status).toBe(401);
  });

  it("a cash-on-delivery return is refunded as an IBAN transfer to make: the buyer's, or the one staff enter", async () => {
    const db = getDb();
    const order = await offlineOrder(db, "RTK", { qty: 2, stock: 4 });
    await deliver(db, order.orderNo);
    const stockBefore = await stockOf(db, order.item.id);
    const line = { sku: order.item.sku, qty: 1, reason: "not_as_described" };
    const withoutIban = returnNoOf(await ask(order.orderNo, { lines: [line], email: order.email }));
    await move(withoutIban, { to: "approved" });
    await move(withoutIban, { to: "received", lines: [{ sku: order.item.sku, qty: 1, restock: false }] });
    const missing = await move(withoutIban, { to: "refunded" });
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.body.error?.details.fields as object)).toEqual(["iban"]);
    expect(
      (await move(withoutIban, { to: "refunded", iban: "TR33 0006 1005 1978 6457 8413 27" })).status,
    ).toBe(400);
    const paid = await move(withoutIban, { to: "refunded", iban: "TR33 0006 1005 1978 6457 8413 26" });
    expect(paid.body).toMatchObject({
      status: "refunded",
      refund: { iban: "TR330006100519786457841326", state: "recorded" },
    });
    // Not restocked: staff found it used.
    expect((await stockOf(db, order.item.id)).onHand).toBe(stockBefore.onHand);

    const withIban = returnNoOf(
      await ask(order.orderNo, { lines: [line], email: order.email, iban: "TR320010009999901234567890" }),
    );
    await move(withIban, { to: "approved" });
    await move(withIban, { to: "received" });
    expect((await move(withIban, { to: "refunded" })).body).toMatchObject({
      refund: { iban: "TR320010009999901234567890", state: "recorded" },
    });
    expect((await stockOf(db, order.item.id)).onHand).toBe(stockBefore.onHand + 1);
    const refunds = await refundRows(db, order.orderNo);
    expect(
      refunds.map((r) => [r.provider_refund_id, r.idempotency_key.endsWith(`return:${withIban}`)]),
    ).toEqual([
      [null, false],
      [null, true],
    ]);
    // Shipping was paid too and is not part of a line's share: the order stays partially refunded.
    expect(await orderRow(db, order.orderNo)).toMatchObject({ status: "partially_refunded" });
  });
});
