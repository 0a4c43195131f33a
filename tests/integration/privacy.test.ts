// KVKK: the shopper's export and erasure (GET /api/account/export, DELETE /api/account), staff requests by
// email (/api/admin/privacy/*) and the retention job, against a real PostgreSQL.
import { sql } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as exportRoute } from "@/app/api/account/export/route";
import { DELETE as deleteAccountRoute } from "@/app/api/account/route";
import { POST as staffErasureRoute } from "@/app/api/admin/privacy/erasure/route";
import { GET as staffExportRoute } from "@/app/api/admin/privacy/export/route";
import { GET as staffRequestsRoute } from "@/app/api/admin/privacy/requests/route";
import type { Database } from "@/db/client";
import { createAddress } from "@/lib/accounts/addresses";
import { setNotificationPreferences } from "@/lib/accounts/preferences";
import { registerUser, verifyCredentials } from "@/lib/accounts/users";
import { userCartId } from "@/lib/cart/merge";
import { addItem } from "@/lib/cart/service";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { issueInvoice } from "@/lib/invoices/service";
import { registerPushToken } from "@/lib/notifications/push/tokens";
import { expireOldOrders } from "@/lib/privacy/retention";
import { eraseOwnAccount } from "@/lib/privacy/service";
import { actAs, authSession, form, outcome } from "./action-support";
import { call, makeUser, type TestUser } from "./admin-support";
import {
  cartWith,
  checkoutInput,
  clearCardProviderEnv,
  extraPool,
  oneSku,
  place,
  q,
  outcome as settled,
  tag,
  uniqueEmail,
} from "./checkout-support";

vi.mock("@/lib/auth/session", async () => (await import("./action-support")).authSession);
vi.mock("next-intl/server", async () => (await import("./action-support")).nextIntlServer);
vi.mock("next/cache", async () => (await import("./action-support")).nextCache);
vi.mock("@/lib/auth/config", () => ({ signIn: vi.fn(), signOut: vi.fn() }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "10.3.3.3" }) }));

clearCardProviderEnv();

let db: Database;
beforeAll(() => {
  db = getDb();
});
const pool = extraPool(12);
afterAll(async () => {
  await pool.client.end({ timeout: 5 });
});

const PASSWORD = "dogru-parola-2026";
const ADDRESS = {
  name: "Ayşe Yılmaz",
  line1: "Moda Caddesi 5",
  line2: "",
  district: "Kadıköy",
  city: "İstanbul",
  postalCode: "34710",
  country: "TR",
  phone: "+905551234567",
};

/** A registered shopper (real argon2 hash) with a session cookie, an address, a device, a cart and orders. */
async function shopper(name = "ayse") {
  const email = uniqueEmail(name);
  const user = await registerUser(
    db,
    { email, password: PASSWORD, name: "Ayşe Yılmaz" },
    { ip: `10.9.${tag()}` },
  );
  const jwt = await encode({
    token: { sub: user.id, role: "customer", name: user.name, email },
    secret: env().AUTH_SECRET,
    salt: "authjs.session-token",
  });
  const session: TestUser = { ...user, cookie: `authjs.session-token=${jwt}` };
  await createAddress(db, user.id, ADDRESS, { defaultShipping: true });
  const token = `ExponentPushToken[${tag()}${tag()}${tag()}]`;
  await registerPushToken(db, user.id, { token, platform: "ios" });
  await setNotificationPreferences(db, user.id, { sms: true, push: true });
  // A delivered order of the account, and a guest order placed with the same email.
  const own = await deliveredOrder(email, user.id);
  await q(
    db,
    sql`insert into reviews (product_id, user_id, rating, title, body)
      select v.product_id, ${user.id}, 5, 'Çok iyi', 'Tam beklediğim gibi.'
      from order_items i join variants v on v.id = i.variant_id where i.order_id = ${own.orderId} limit 1`,
  );
  const guest = await deliveredOrder(email, null);
  await q(db, sql`insert into wishlists (id, user_id) values (${`wl-${user.id}`}, ${user.id})`);
  await q(
    db,
    sql`insert into wishlist_items (wishlist_id, variant_id, price_when_added)
      select ${`wl-${user.id}`}, i.variant_id, i.unit_price from order_items i where i.order_id = ${own.orderId}`,
  );
  // The cart holds (reserves) one unit.
  const item = await oneSku(db, "KVKK", 5);
  const cartId = await userCartId(db, user.id);
  await addItem(db, { cartId, userId: user.id }, { sku: item.sku, qty: 1 });
  return { user: session, email, token, own, guest, item, cartId };
}

async function deliveredOrder(email: string, userId: string | null) {
  const item = await oneSku(db, "KVKO", 5, 40_000);
  const cartId = await cartWith(db, [[item.sku, 2]]);
  const placed = await place(
    db,
    cartId,
    checkoutInput(email, { paymentMethod: "cash_on_delivery" }),
    new Date(),
    userId,
  );
  await q(db, sql`update orders set status = 'delivered' where id = ${placed.orderId}`);
  await db.transaction((tx) => issueInvoice(tx, placed.orderId, new Date()));
  // A return asked for with the buyer's own words and IBAN.
  await q(
    db,
    sql`insert into returns (return_no, order_id, lines, note, iban)
      values (${`IAD-${placed.orderNo}`}, ${placed.orderId}, ${JSON.stringify([{ sku: item.sku, qty: 1, reason: "other" }])}::jsonb,
        'Ayşe Yılmaz, kapıcıya bırakın', 'TR330006100519786457841326')`,
  );
  return placed;
}

async function orderRow(orderId: string) {
  const [row] = await q<{
    email: string;
    total: string;
    user_id: string | null;
    shipping_address: Record<string, string>;
    billing_address: Record<string, string>;
    erased_at: Date | null;
    anonymised_at: Date | null;
    items: number;
  }>(
    db,
    sql`select o.*, (select count(*)::int from order_items i where i.order_id = o.id) as items
      from orders o where o.id = ${orderId}`,
  );
  if (!row) throw new Error("no order");
  return row;
}

/** An order's emails still in the queue (no worker runs in these tests). */
const queuedEmailsOf = async (orderNo: string) =>
  (
    await q<{ n: number }>(
      db,
      sql`select count(*)::int as n from graphile_worker._private_jobs where payload #>> '{message,orderNo}' = ${orderNo}
        and payload #>> '{message,to}' is not null`,
    )
  )[0]?.n;

const count = async (table: string, column: string, value: string) =>
  (
    await q<{ n: number }>(
      db,
      sql`select count(*)::int as n from ${sql.identifier(table)}
    where ${sql.identifier(column)} = ${value}`,
    )
  )[0]?.n;

describe("GET /api/account/export", () => {
  it("answers 401 to a visitor", async () => {
    actAs(null);
    const answer = await call(exportRoute, "/api/account/export");
    expect(answer.status).toBe(401);
    expect(answer.body.error?.code).toBe("UNAUTHORIZED");
  });

  it("gives every section of the shopper's data, as a file, without the hash or anyone else's data", async () => {
    const ayse = await shopper();
    const other = await shopper("mehmet");
    actAs(ayse.user);
    const answer = await call(exportRoute, "/api/account/export");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-disposition")).toMatch(
      /^attachment; filename="personal-data-.+\.json"$/,
    );
    const data = answer.body as Record<string, unknown> & {
      account: { email: string };
      addresses: { line1: string }[];
      pushTokens: { token: string }[];
      cart: { items: { sku: string }[] };
      orders: { orderNo: string; items: unknown[]; payments: unknown[]; timeline: unknown[] }[];
      notificationPreferences: { sms: boolean; push: boolean };
      returns: { orderNo: string; note: string | null; iban: string | null }[];
      contracts: { orderNo: string; contract: string }[];
      invoices: { orderNo: string; kind: string; buyer: { name: string } }[];
    };
    for (const section of [
      "account",
      "notificationPreferences",
      "addresses",
      "pushTokens",
      "cart",
      "orders",
      "couponUses",
      "signInFailures",
      "returns",
      "contracts",
      "invoices",
      "reviews",
      "wishlist",
      "storedMessages",
      "queuedEmails",
    ]) {
      expect(data, section).toHaveProperty(section);
    }
    expect(data.account.email).toBe(ayse.email);
    expect(data.notificationPreferences).toEqual({ sms: true, push: true });
    expect(data.addresses.map((a) => a.line1)).toEqual([ADDRESS.line1]);
    expect(data.pushTokens).toHaveLength(1);
    expect(data.pushTokens[0]?.token).not.toBe(ayse.token);
    expect(data.pushTokens[0]?.token).toMatch(/^ExponentPushToken\[.{4}….{4}\]$/);
    expect(data.cart.items.map((i) => i.sku)).toEqual([ayse.item.sku]);
    // The account's orders only: a guest order under the same email is for staff to release.
    expect(data.orders.map((o) => o.orderNo)).toEqual([ayse.own.orderNo]);
    expect(data.orders[0]?.items).toHaveLength(1);
    expect(data.orders[0]?.payments).toHaveLength(1);
    expect(data.returns).toMatchObject([
      {
        orderNo: ayse.own.orderNo,
        note: "Ayşe Yılmaz, kapıcıya bırakın",
        iban: "TR330006100519786457841326",
      },
    ]);
    // The contract the buyer accepted, word for word as stored with the order.
    expect(data.contracts).toMatchObject([{ orderNo: ayse.own.orderNo }]);
    expect(data.contracts[0]?.contract).toContain("MESAFELİ SATIŞ SÖZLEŞMESİ");
    expect(data.invoices).toMatchObject([
      { orderNo: ayse.own.orderNo, kind: "invoice", buyer: { name: "Ayşe Yılmaz" } },
    ]);
    const text = JSON.stringify(data);
    expect(text).not.toMatch(/argon2|password/i);
    expect(text).not.toContain(other.email);
    expect(text).not.toContain(other.own.orderNo);
    const [logged] = await q<{ kind: string; channel: string; actor: string }>(
      db,
      sql`select kind, channel, actor from data_requests where subject_user_id = ${ayse.user.id}`,
    );
    expect(logged).toEqual({ kind: "export", channel: "self_service", actor: "customer" });
  });
});

describe("DELETE /api/account", () => {
  const erase = (as: TestUser | null, body: unknown) =>
    call(deleteAccountRoute, "/api/account", { method: "DELETE", body, as });

  it("answers 401 to a visitor and 400 to a bad body", async () => {
    actAs(null);
    expect((await erase(null, { password: PASSWORD })).status).toBe(401);
    const ayse = await shopper();
    actAs(ayse.user);
    const bad = await erase(ayse.user, { password: 42 });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe("VALIDATION_FAILED");
    expect(bad.body.error?.details.fields).toHaveProperty("password");
  });

  it("refuses a wrong password with 403 PASSWORD_INVALID and changes nothing", async () => {
    const ayse = await shopper();
    actAs(ayse.user);
    const before = await q(
      db,
      sql`select email, name, password_hash, erased_at from users where id = ${ayse.user.id}`,
    );
    const answer = await erase(ayse.user, { password: "yanlis-parola" });
    expect(answer.status).toBe(403);
    expect(answer.body.error?.code).toBe("PASSWORD_INVALID");
    expect(
      await q(db, sql`select email, name, password_hash, erased_at from users where id = ${ayse.user.id}`),
    ).toEqual(before);
    expect(await count("addresses", "user_id", ayse.user.id)).toBe(1);
    expect(await count("push_tokens", "user_id", ayse.user.id)).toBe(1);
    expect(await count("cart_items", "cart_id", ayse.cartId)).toBe(1);
    expect((await orderRow(ayse.own.orderId)).email).toBe(ayse.email);
    expect(await authSession.getCurrentUser()).not.toBeNull();
  });

  it("waits for an order still under way (409 ORDER_IN_PROGRESS)", async () => {
    const ayse = await shopper();
    await q(db, sql`update orders set status = 'processing' where id = ${ayse.own.orderId}`);
    actAs(ayse.user);
    const answer = await erase(ayse.user, { password: PASSWORD });
    expect(answer.status).toBe(409);
    expect(answer.body.error?.code).toBe("ORDER_IN_PROGRESS");
    expect(answer.body.error?.message).toContain(ayse.own.orderNo);
    expect(await count("addresses", "user_id", ayse.user.id)).toBe(1);
  });

  it("erases the account: no sign-in, the old session refused, orders kept stripped, stock released", async () => {
    const ayse = await shopper();
    const reservedBefore = await q<{ reserved: number }>(
      db,
      sql`select reserved from inventory where variant_id = ${ayse.item.id}`,
    );
    expect(reservedBefore[0]?.reserved).toBe(1);
    const orderBefore = await orderRow(ayse.own.orderId);
    expect(await queuedEmailsOf(ayse.own.orderNo)).toBeGreaterThan(0);
    actAs(ayse.user);

    const answer = await erase(ayse.user, { password: PASSWORD });
    expect(answer.status).toBe(204);

    // Nobody can sign in, and the cookie the shopper still has finds no user.
    expect(await verifyCredentials(db, { email: ayse.email, password: PASSWORD, ip: "10.1.1.1" })).toBeNull();
    expect(await authSession.getCurrentUser()).toBeNull();
    expect((await call(exportRoute, "/api/account/export", { as: ayse.user })).status).toBe(401);
    const [user] = await q<{
      email: string;
      name: string;
      password_hash: string | null;
      sms_opt_in: boolean;
    }>(db, sql`select email, name, password_hash, sms_opt_in from users where id = ${ayse.user.id}`);
    expect(user?.email).toMatch(/^erased-[0-9a-f-]{36}@erased\.invalid$/);
    expect(user).toMatchObject({ name: "", password_hash: null, sms_opt_in: false });

    expect(await count("addresses", "user_id", ayse.user.id)).toBe(0);
    expect(await count("push_tokens", "user_id", ayse.user.id)).toBe(0);
    expect(await count("carts", "user_id", ayse.user.id)).toBe(0);
    expect(await queuedEmailsOf(ayse.own.orderNo)).toBe(0);
    // The return stays with the order, without the buyer's words or IBAN; the accepted contract stays as it was.
    expect(await q(db, sql`select note, iban from returns where order_id = ${ayse.own.orderId}`)).toEqual([
      { note: null, iban: null },
    ]);
    expect(await count("order_contracts", "order_id", ayse.own.orderId)).toBe(1);
    expect(await count("invoices", "order_id", ayse.own.orderId)).toBe(1);
    expect(await count("reviews", "user_id", ayse.user.id)).toBe(0);
    expect(await count("wishlists", "user_id", ayse.user.id)).toBe(0);
    expect(await queuedEmailsOf(ayse.guest.orderNo)).toBeGreaterThan(0);
    const [stock] = await q<{ reserved: number }>(
      db,
      sql`select reserved from inventory where variant_id = ${ayse.item.id}`,
    );
    expect(stock?.reserved).toBe(0);
    const [hold] = await q<{ status: string }>(
      db,
      sql`select status from reservations where variant_id = ${ayse.item.id}`,
    );
    expect(hold?.status).toBe("cancelled");

    // The order stays for the law, with its lines, totals and the invoice's buyer, without the rest.
    const order = await orderRow(ayse.own.orderId);
    expect(order.total).toBe(orderBefore.total);
    expect(order.items).toBe(1);
    expect(order.user_id).toBe(ayse.user.id);
    expect(order.email).toBe(user?.email);
    expect(order.billing_address).toMatchObject({ name: "Ayşe Yılmaz", city: "İstanbul", phone: "" });
    expect(order.shipping_address).toMatchObject({ name: "", line1: "", phone: "", country: "TR" });
    expect(order.erased_at).not.toBeNull();
    // The guest order under the same email is not the account's to erase.
    expect((await orderRow(ayse.guest.orderId)).email).toBe(ayse.email);

    // The email is free again.
    const again = await registerUser(
      db,
      { email: ayse.email, password: PASSWORD, name: "Yeni" },
      { ip: "10.2.2.2" },
    );
    expect(again.id).not.toBe(ayse.user.id);
    const [logged] = await q<{ kind: string; completed_at: Date | null }>(
      db,
      sql`select kind, completed_at from data_requests where subject_user_id = ${ayse.user.id} and kind = 'erasure'`,
    );
    expect(logged?.completed_at).not.toBeNull();
  });
});

describe("staff requests by email", () => {
  it("is for administrators only", async () => {
    const customer = await makeUser(db, "customer");
    const staff = await makeUser(db, "staff");
    const path = "/api/admin/privacy/export?email=a@example.com";
    expect((await call(staffExportRoute, path)).status).toBe(401);
    expect((await call(staffExportRoute, path, { as: customer })).status).toBe(403);
    expect((await call(staffExportRoute, path, { as: staff })).status).toBe(403);
    expect(
      (await call(staffErasureRoute, "/api/admin/privacy/erasure", { method: "POST", body: {}, as: null }))
        .status,
    ).toBe(401);
  });

  it("exports and erases the account and the guest orders of an email, and logs both", async () => {
    const admin = await makeUser(db, "admin");
    const ayse = await shopper();
    const exported = await call(
      staffExportRoute,
      `/api/admin/privacy/export?email=${ayse.email.toUpperCase()}`,
      {
        as: admin,
      },
    );
    expect(exported.status).toBe(200);
    const orders = (exported.body.orders as { orderNo: string }[]).map((o) => o.orderNo).sort();
    expect(orders).toEqual([ayse.own.orderNo, ayse.guest.orderNo].sort());

    const bad = await call(staffErasureRoute, "/api/admin/privacy/erasure", {
      method: "POST",
      body: { email: "not an email" },
      as: admin,
    });
    expect(bad.status).toBe(400);

    const erased = await call(staffErasureRoute, "/api/admin/privacy/erasure", {
      method: "POST",
      body: { email: ayse.email },
      as: admin,
    });
    expect(erased.status).toBe(200);
    for (const id of [ayse.own.orderId, ayse.guest.orderId]) {
      const order = await orderRow(id);
      expect(order.email).toMatch(/@erased\.invalid$/);
      expect(order.shipping_address.phone).toBe("");
    }
    expect(await count("addresses", "user_id", ayse.user.id)).toBe(0);

    const list = await call(staffRequestsRoute, "/api/admin/privacy/requests?channel=staff", { as: admin });
    expect(list.status).toBe(200);
    const mine = (list.body.items as { subjectEmail: string; kind: string; actor: string }[]).filter(
      (r) => r.subjectEmail === ayse.email,
    );
    expect(mine.map((r) => r.kind).sort()).toEqual(["erasure", "export"]);
    expect(mine.every((r) => r.actor === admin.name)).toBe(true);
  });

  it("refuses to erase a staff account", async () => {
    const admin = await makeUser(db, "admin");
    const staff = await makeUser(db, "staff");
    const answer = await call(staffErasureRoute, "/api/admin/privacy/erasure", {
      method: "POST",
      body: { email: staff.email },
      as: admin,
    });
    expect(answer.status).toBe(403);
    expect(await count("users", "email", staff.email)).toBe(1);
  });
});

describe("at the same time", () => {
  it("erases an account once when it is asked several times at once", async () => {
    const ayse = await shopper();
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        settled(eraseOwnAccount(pool.db, { userId: ayse.user.id, password: PASSWORD, ip: `10.7.7.${i}` })),
      ),
    );
    expect(results.filter((r) => r === "ok")).toHaveLength(1);
    for (const r of results.filter((r) => r !== "ok"))
      expect(["UNAUTHORIZED", "PASSWORD_INVALID"]).toContain(r);
    expect(
      (
        await q(
          db,
          sql`select id from data_requests where subject_user_id = ${ayse.user.id} and kind = 'erasure'`,
        )
      ).length,
    ).toBe(1);
    const [stock] = await q<{ reserved: number }>(
      db,
      sql`select reserved from inventory where variant_id = ${ayse.item.id}`,
    );
    expect(stock?.reserved).toBe(0);
  });
});

describe("the account page's and the staff page's forms", () => {
  it("deletes the account after the password, signs out and shows the confirmation", async () => {
    const { deleteAccountAction } = await import("@/app/actions/account");
    const { signOut } = await import("@/lib/auth/config");
    const ayse = await shopper();
    actAs(ayse.user);
    const refused = await deleteAccountAction({ status: "idle" }, form({ password: "yanlis-parola" }));
    expect(refused).toMatchObject({ status: "error", fields: { password: "Şifre yanlış." } });
    expect(await count("addresses", "user_id", ayse.user.id)).toBe(1);
    const empty = await deleteAccountAction({ status: "idle" }, form({ password: "" }));
    expect(empty).toMatchObject({ status: "error", fields: { password: "Bu alan zorunludur." } });
    expect(
      await outcome(() => deleteAccountAction({ status: "idle" }, form({ password: PASSWORD }))),
    ).toEqual({
      kind: "redirect",
      to: "/account-deleted",
    });
    expect(signOut).toHaveBeenCalled();
    expect(await count("addresses", "user_id", ayse.user.id)).toBe(0);
  });

  it("lets administrators alone erase by email from /admin/privacy", async () => {
    const { eraseDataAction } = await import("@/app/actions/admin-privacy");
    const ayse = await shopper();
    actAs(await makeUser(db, "staff"));
    expect(await outcome(() => eraseDataAction({ status: "idle" }, form({ email: ayse.email })))).toEqual({
      kind: "forbidden",
    });
    actAs(await makeUser(db, "admin"));
    expect(await outcome(() => eraseDataAction({ status: "idle" }, form({ email: ayse.email })))).toEqual({
      kind: "redirect",
      to: `/admin/privacy?erased=${encodeURIComponent(ayse.email)}`,
    });
    expect((await orderRow(ayse.guest.orderId)).email).toMatch(/@erased\.invalid$/);
  });
});

describe("retention", () => {
  it("anonymises orders past the 10 years and leaves the newer ones", async () => {
    const now = new Date("2040-06-01T12:00:00Z");
    const old = await deliveredOrder(uniqueEmail("eski"), null);
    const recent = await deliveredOrder(uniqueEmail("yeni"), null);
    // Placed in 2029: kept until the end of 2039. Placed in 2030: kept until the end of 2040.
    await q(db, sql`update orders set placed_at = '2029-12-31T20:00:00Z' where id = ${old.orderId}`);
    await q(db, sql`update orders set placed_at = '2030-01-01T09:00:00Z' where id = ${recent.orderId}`);
    const recentBefore = await orderRow(recent.orderId);

    expect(await expireOldOrders(db, now)).toBeGreaterThanOrEqual(1);

    const gone = await orderRow(old.orderId);
    expect(gone.anonymised_at).not.toBeNull();
    expect(gone.email).toMatch(/@erased\.invalid$/);
    expect(gone.billing_address).toMatchObject({ name: "", line1: "", phone: "", country: "TR" });
    expect(gone.items).toBe(1);
    expect(await orderRow(recent.orderId)).toEqual(recentBefore);
    // A second run has nothing left to do for it.
    await expireOldOrders(db, now);
    expect((await orderRow(old.orderId)).anonymised_at).toEqual(gone.anonymised_at);
  });

  it("takes each due order once when runs overlap", async () => {
    const now = new Date("2045-03-01T00:00:00Z");
    for (let i = 0; i < 6; i++) await deliveredOrder(uniqueEmail("eski"), null);
    const due = async () =>
      (
        await q<{ n: number }>(
          db,
          sql`select count(*)::int as n from orders where anonymised_at is null and placed_at < '2035-01-01'`,
        )
      )[0]?.n ?? 0;
    const before = await due();
    expect(before).toBeGreaterThanOrEqual(6);
    const runs = await Promise.all(Array.from({ length: 4 }, () => expireOldOrders(pool.db, now, 2)));
    expect(runs.reduce((sum, n) => sum + n, 0)).toBe(before);
    expect(await due()).toBe(0);
  });
});
