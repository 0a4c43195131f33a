import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as detailRoute } from "@/app/api/admin/orders/[orderNo]/route";
import { POST as transitionsRoute } from "@/app/api/admin/orders/[orderNo]/transitions/route";
import { GET as listRoute } from "@/app/api/admin/orders/route";
import { GET as trackRoute } from "@/app/api/orders/track/[orderNo]/route";
import { applyCoupon } from "@/lib/coupons/service";
import { getDb } from "@/lib/db";
import {
  type CallOptions,
  call,
  eventsOf,
  makeToken,
  makeUser,
  offlineOrder,
  snapshot,
  type TestUser,
} from "./admin-support";
import {
  cartWith,
  checkoutInput,
  clearCardProviderEnv,
  emailKeys,
  expectStockInvariant,
  ledgerOf,
  makeCoupon,
  oneSku,
  paymentOf,
  place,
  q,
  stockOf,
  uniqueEmail,
} from "./checkout-support";

// Staff move offline orders through the state machine: confirm, ship with a tracking number (the shopper's
// tracking shows it), deliver, cancel (stock back, codes given back). Refused moves change nothing.

clearCardProviderEnv();
let staff: TestUser;

beforeAll(async () => {
  staff = await makeUser(getDb(), "staff", "Mehmet Demir");
});

afterAll(() => {
  vi.restoreAllMocks();
});

function move(orderNo: string, body: Record<string, unknown>, as: CallOptions["as"] = staff) {
  return call(transitionsRoute, `/api/admin/orders/${orderNo}/transitions`, {
    method: "POST",
    params: { orderNo },
    body,
    as,
  });
}

describe("offline order lifecycle", () => {
  it("confirm → ship with tracking → deliver, each in the timeline under the staff member's name", async () => {
    const db = getDb();
    const order = await offlineOrder(db, "LCA");
    const confirmed = await move(order.orderNo, { to: "processing", note: "telefonla teyit edildi" });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ from: "awaiting_confirmation", order: { status: "processing" } });

    const shipped = await move(order.orderNo, {
      to: "shipped",
      carrier: "Yurtiçi Kargo",
      trackingNo: "YK 2026 000123",
      note: "iç not: kırılacak eşya",
    });
    expect(shipped.status).toBe(200);
    expect(shipped.body).toMatchObject({
      order: {
        status: "shipped",
        shipments: [
          { carrier: "Yurtiçi Kargo", trackingNo: "YK 2026 000123", status: "shipped", deliveredAt: null },
        ],
      },
    });
    expect((await emailKeys(db, order.orderNo)).filter((k) => k.startsWith("shipped:"))).toHaveLength(1);

    // The shopper's tracking shows the parcel, and not the staff's internal note.
    const url = `/api/orders/track/${order.orderNo}?email=${encodeURIComponent(order.email)}`;
    const tracking = await call(trackRoute, url, {
      params: { orderNo: order.orderNo },
      headers: { "x-forwarded-for": `198.51.100.${randomBytes(1)[0]}` },
    });
    expect(tracking.status).toBe(200);
    expect(tracking.body).toMatchObject({
      status: "shipped",
      shipments: [{ carrier: "Yurtiçi Kargo", trackingNo: "YK 2026 000123", status: "shipped" }],
    });
    expect(JSON.stringify(tracking.body)).not.toContain("kırılacak");

    const delivered = await move(order.orderNo, { to: "delivered" });
    expect(delivered.status).toBe(200);
    expect(delivered.body).toMatchObject({
      order: { status: "delivered", shipments: [{ status: "delivered", deliveredAt: expect.any(String) }] },
    });
    // Cash on delivery: the money was taken at the door.
    expect((await paymentOf(db, order.orderNo)).status).toBe("succeeded");

    const events = await eventsOf(db, order.orderNo);
    expect(events.map((e) => [e.type, e.from_status, e.to_status, e.actor])).toEqual([
      ["placed", null, "awaiting_confirmation", "customer"],
      ["confirmed", "awaiting_confirmation", "processing", "Mehmet Demir"],
      ["shipped", "processing", "shipped", "Mehmet Demir"],
      ["note", null, null, "Mehmet Demir"],
      ["delivered", "shipped", "delivered", "Mehmet Demir"],
    ]);
    expect(events[1]?.note).toBe("telefonla teyit edildi");
  });

  it("shipping needs a carrier and a tracking number (400, nothing changed)", async () => {
    const db = getDb();
    const order = await offlineOrder(db, "LCB");
    await move(order.orderNo, { to: "processing" });
    const before = await snapshot(db, order.orderNo);
    const missing = await move(order.orderNo, { to: "shipped" });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(Object.keys(missing.body.error?.details.fields as object).sort()).toEqual([
      "carrier",
      "trackingNo",
    ]);
    const onlyCarrier = await move(order.orderNo, { to: "shipped", carrier: "Aras Kargo" });
    expect(onlyCarrier.status).toBe(400);
    expect(await snapshot(db, order.orderNo)).toEqual(before);
  });

  it("refused moves are 409 INVALID_TRANSITION with from/to and change nothing", async () => {
    const db = getDb();
    const order = await offlineOrder(db, "LCC");
    const before = await snapshot(db, order.orderNo);
    const cases: [string, string][] = [
      ["shipped", "not_allowed_from_status"],
      ["delivered", "not_allowed_from_status"],
      ["paid", "not_a_staff_action"],
      ["refunded", "use_refunds"],
      ["partially_refunded", "use_refunds"],
      ["pending_payment", "not_a_staff_action"],
      ["awaiting_confirmation", "not_a_staff_action"],
    ];
    for (const [to, reason] of cases) {
      const body = to === "shipped" ? { to, carrier: "Aras", trackingNo: "AR123" } : { to };
      const answer = await move(order.orderNo, body);
      expect(answer.status, to).toBe(409);
      expect(answer.body.error).toMatchObject({
        code: "INVALID_TRANSITION",
        details: { from: "awaiting_confirmation", to, reason },
      });
    }
    const unknown = await move(order.orderNo, { to: "lost" });
    expect(unknown.status).toBe(400);
    expect(await snapshot(db, order.orderNo)).toEqual(before);
    const missing = await move("SF-2026-999999", { to: "processing" });
    expect(missing.status).toBe(404);
    expect(missing.body.error?.code).toBe("ORDER_NOT_FOUND");
  });

  it("two confirmations at once: one moves the order, the other is refused; one timeline entry", async () => {
    const db = getDb();
    const order = await offlineOrder(db, "LCD");
    const answers = await Promise.all([1, 2, 3, 4].map(() => move(order.orderNo, { to: "processing" })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409]);
    expect((await eventsOf(db, order.orderNo)).filter((e) => e.type === "confirmed")).toHaveLength(1);
  });

  it("cancelling an awaiting order returns its stock (ledger 'return') and gives its code back", async () => {
    const db = getDb();
    const item = await oneSku(db, "LCE", 10, 40_000);
    const coupon = await makeCoupon(db, { usageLimit: 5 });
    const cartId = await cartWith(db, [[item.sku, 4]]);
    await applyCoupon(db, { cartId, code: coupon.code, userId: null });
    const email = uniqueEmail("lce");
    const order = await place(db, cartId, checkoutInput(email, { paymentMethod: "bank_transfer" }));
    expect(await stockOf(db, item.id)).toEqual({ onHand: 6, reserved: 0 });
    const [used] = await q<{ used_count: number }>(
      db,
      sql`select used_count from coupons where id = ${coupon.id}`,
    );
    expect(used?.used_count).toBe(1);

    const cancelled = await move(order.orderNo, { to: "cancelled", note: "havale gelmedi" });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ from: "awaiting_confirmation", order: { status: "cancelled" } });
    expect(cancelled.body.refund).toBeUndefined();
    expect(await stockOf(db, item.id)).toEqual({ onHand: 10, reserved: 0 });
    expect(await ledgerOf(db, item.id, "commit", order.orderNo)).toEqual([
      { on_hand_delta: -4, reserved_delta: -4, reference: order.orderNo },
    ]);
    expect(await ledgerOf(db, item.id, "return", order.orderNo)).toEqual([
      { on_hand_delta: 4, reserved_delta: 0, reference: order.orderNo },
    ]);
    const [after] = await q<{ used_count: number }>(
      db,
      sql`select used_count from coupons where id = ${coupon.id}`,
    );
    expect(after?.used_count).toBe(0);
    expect((await paymentOf(db, order.orderNo)).status).toBe("canceled");
    await expectStockInvariant(db);
  });

  it("a token's moves are in the timeline under the token's name", async () => {
    const db = getDb();
    const token = await makeToken(db, "Depo Sistemi");
    const order = await offlineOrder(db, "LCF");
    const answer = await move(order.orderNo, { to: "processing" }, token);
    expect(answer.status).toBe(200);
    expect((await eventsOf(db, order.orderNo)).at(-1)).toMatchObject({
      type: "confirmed",
      actor: "Depo Sistemi",
    });
  });
});

describe("orders list and detail", () => {
  it("filters by status, finds by order number, email and billing name (Turkish letters folded), pages", async () => {
    const db = getDb();
    const marker = randomBytes(3).toString("hex");
    const name = `Şükrü Öztürk ${marker}`;
    const item = await oneSku(db, "LST", 20);
    const placed: string[] = [];
    for (let i = 0; i < 3; i++) {
      const cartId = await cartWith(db, [[item.sku, 1]]);
      const order = await place(
        db,
        cartId,
        checkoutInput(uniqueEmail(`list${marker}`), { paymentMethod: "cash_on_delivery", address: { name } }),
      );
      placed.push(order.orderNo);
    }
    await move(placed[0] as string, { to: "processing" });

    const list = (query: string) => call(listRoute, `/api/admin/orders${query}`, { as: staff });
    const byName = await list(`?q=${encodeURIComponent(`sukru OZTURK ${marker}`)}`);
    expect(byName.status).toBe(200);
    expect((byName.body.items as { orderNo: string }[]).map((o) => o.orderNo).sort()).toEqual(
      [...placed].sort(),
    );
    expect(byName.body).toMatchObject({ page: 1, limit: 20, total: 3 });
    expect((byName.body.items as { billingName: string }[])[0]?.billingName).toBe(name);

    const processing = await list(`?status=processing&q=${marker}`);
    expect((processing.body.items as { orderNo: string }[]).map((o) => o.orderNo)).toEqual([placed[0]]);

    const byNumber = await list(`?q=${(placed[1] as string).toLowerCase()}`);
    expect((byNumber.body.items as { orderNo: string }[]).map((o) => o.orderNo)).toEqual([placed[1]]);

    const byEmail = await list(`?q=LIST${marker}`);
    expect(byEmail.body.total).toBe(3);

    const paged = await list(`?q=${marker}&limit=2&page=2`);
    expect(paged.body).toMatchObject({ page: 2, limit: 2, total: 3 });
    expect(paged.body.items).toHaveLength(1);

    const allStatuses = await list("?status=");
    expect(allStatuses.status).toBe(200);
    for (const bad of ["?status=lost", "?limit=0", "?limit=101", "?page=0"]) {
      expect((await list(bad)).status, bad).toBe(400);
    }
    // A search for "%" is a literal percent sign, not "everything".
    expect((await list("?q=%25")).body.total).toBe(0);
  });

  it("the detail has lines, totals, addresses, payments, refunds, shipments, timeline and the allowed moves", async () => {
    const db = getDb();
    const order = await offlineOrder(db, "DTL", { qty: 3, price: 19_990 });
    const answer = await call(detailRoute, `/api/admin/orders/${order.orderNo.toLowerCase()}`, {
      params: { orderNo: order.orderNo.toLowerCase() },
      as: staff,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      orderNo: order.orderNo,
      status: "awaiting_confirmation",
      email: order.email,
      paymentMethod: "cash_on_delivery",
      items: [{ sku: order.item.sku, qty: 3, unitPrice: 19_990, lineTotal: 59_970, restocked: 0 }],
      totals: { subtotal: 59_970, refunded: 0 },
      shippingAddress: { name: "Ayşe Yılmaz", city: "İstanbul", postalCode: "34710" },
      billingAddress: { name: "Ayşe Yılmaz" },
      payments: [{ provider: "manual", method: "cash_on_delivery", status: "pending" }],
      refunds: [],
      shipments: [],
      timeline: [{ type: "placed", to: "awaiting_confirmation", actor: "customer" }],
      allowedTransitions: ["processing", "cancelled"],
      refundable: false,
    });
    const totals = answer.body.totals as Record<string, number>;
    expect(totals.refundable).toBe(totals.total);
    expect(JSON.stringify(answer.body)).not.toContain("clientSecret");

    const missing = await call(detailRoute, "/api/admin/orders/SF-2026-999999", {
      params: { orderNo: "SF-2026-999999" },
      as: staff,
    });
    expect(missing.status).toBe(404);
  });
});
