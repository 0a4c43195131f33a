import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as coupon from "@/app/api/admin/coupons/[id]/route";
import * as coupons from "@/app/api/admin/coupons/route";
import * as stock from "@/app/api/admin/inventory/[sku]/route";
import * as inventory from "@/app/api/admin/inventory/route";
import * as refunds from "@/app/api/admin/orders/[orderNo]/refunds/route";
import * as order from "@/app/api/admin/orders/[orderNo]/route";
import * as transitions from "@/app/api/admin/orders/[orderNo]/transitions/route";
import * as orders from "@/app/api/admin/orders/route";
import * as product from "@/app/api/admin/products/[id]/route";
import * as products from "@/app/api/admin/products/route";
import * as staffMember from "@/app/api/admin/staff/[id]/route";
import * as staffList from "@/app/api/admin/staff/route";
import * as token from "@/app/api/admin/tokens/[id]/route";
import * as tokens from "@/app/api/admin/tokens/route";
import { generateToken, hashToken, revokeAdminToken, verifyAdminToken } from "@/lib/admin/tokens";
import { getDb } from "@/lib/db";
import {
  type CallOptions,
  call,
  makeToken,
  makeUser,
  newKey,
  offlineOrder,
  type TestUser,
} from "./admin-support";
import { clearCardProviderEnv, oneSku, q } from "./checkout-support";

// Every /api/admin/* route: nobody → 401, a customer → 403, staff (session) and API tokens allowed; token
// management only for administrators with a session. A token that is unknown, revoked, expired or
// tampered with is 401 — and a bearer is checked before (never instead of) the session cookie.

clearCardProviderEnv();
let customer: TestUser;
let staff: TestUser;
let admin: TestUser;
let bearer: { authorization: string; id: string; token: string };

interface RouteCase {
  name: string;
  handler: unknown;
  method: string;
  path: string;
  params?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Token and staff management: administrators with a session only. */
  adminOnly?: boolean;
}

let routes: RouteCase[] = [];

beforeAll(async () => {
  const db = getDb();
  customer = await makeUser(db, "customer", "Müşteri Ayşe");
  staff = await makeUser(db, "staff", "Personel Ali");
  admin = await makeUser(db, "admin", "Yönetici Deniz");
  bearer = await makeToken(db, "Yetki Testi");
  const item = await oneSku(db, "AUTH", 50);
  const placed = await offlineOrder(db, "AUTHO");
  const [productRow] = await q<{ id: number }>(
    db,
    sql`select product_id as id from variants where id = ${item.id}`,
  );
  const [couponRow] = await q<{ id: number }>(db, sql`select id from coupons order by id limit 1`);
  const productId = String(productRow?.id);
  const couponId = String(couponRow?.id);
  const orderNo = placed.orderNo;
  routes = [
    { name: "GET products", handler: products.GET, method: "GET", path: "/api/admin/products" },
    {
      name: "POST products",
      handler: products.POST,
      method: "POST",
      path: "/api/admin/products",
      body: { slug: "x" },
    },
    {
      name: "GET product",
      handler: product.GET,
      method: "GET",
      path: `/api/admin/products/${productId}`,
      params: { id: productId },
    },
    {
      name: "PATCH product",
      handler: product.PATCH,
      method: "PATCH",
      path: `/api/admin/products/${productId}`,
      params: { id: productId },
      body: { featured: false },
    },
    { name: "GET inventory", handler: inventory.GET, method: "GET", path: "/api/admin/inventory" },
    {
      name: "GET stock",
      handler: stock.GET,
      method: "GET",
      path: `/api/admin/inventory/${item.sku}`,
      params: { sku: item.sku },
    },
    {
      name: "PUT stock",
      handler: stock.PUT,
      method: "PUT",
      path: `/api/admin/inventory/${item.sku}`,
      params: { sku: item.sku },
      body: { onHand: 50, reason: "auth test" },
    },
    { name: "GET coupons", handler: coupons.GET, method: "GET", path: "/api/admin/coupons" },
    {
      name: "POST coupons",
      handler: coupons.POST,
      method: "POST",
      path: "/api/admin/coupons",
      body: { code: "" },
    },
    {
      name: "GET coupon",
      handler: coupon.GET,
      method: "GET",
      path: `/api/admin/coupons/${couponId}`,
      params: { id: couponId },
    },
    {
      name: "PATCH coupon",
      handler: coupon.PATCH,
      method: "PATCH",
      path: `/api/admin/coupons/${couponId}`,
      params: { id: couponId },
      body: { active: "?" },
    },
    { name: "GET orders", handler: orders.GET, method: "GET", path: "/api/admin/orders?status=paid" },
    {
      name: "GET order",
      handler: order.GET,
      method: "GET",
      path: `/api/admin/orders/${orderNo}`,
      params: { orderNo },
    },
    {
      name: "POST transitions",
      handler: transitions.POST,
      method: "POST",
      path: `/api/admin/orders/${orderNo}/transitions`,
      params: { orderNo },
      body: { to: "delivered" },
    },
    {
      name: "POST refunds",
      handler: refunds.POST,
      method: "POST",
      path: `/api/admin/orders/${orderNo}/refunds`,
      params: { orderNo },
      body: { amount: 100, reason: "auth test" },
      headers: { "idempotency-key": newKey() },
    },
    { name: "GET tokens", handler: tokens.GET, method: "GET", path: "/api/admin/tokens", adminOnly: true },
    {
      name: "POST tokens",
      handler: tokens.POST,
      method: "POST",
      path: "/api/admin/tokens",
      body: { name: "" },
      adminOnly: true,
    },
    {
      name: "DELETE token",
      handler: token.DELETE,
      method: "DELETE",
      path: "/api/admin/tokens/tok_00000000000000000000000000000000",
      params: { id: "tok_00000000000000000000000000000000" },
      adminOnly: true,
    },
    { name: "GET staff", handler: staffList.GET, method: "GET", path: "/api/admin/staff", adminOnly: true },
    {
      name: "POST staff",
      handler: staffList.POST,
      method: "POST",
      path: "/api/admin/staff",
      body: { email: "" },
      adminOnly: true,
    },
    {
      name: "DELETE staff",
      handler: staffMember.DELETE,
      method: "DELETE",
      path: "/api/admin/staff/u_missing",
      params: { id: "u_missing" },
      adminOnly: true,
    },
  ];
});

afterAll(() => {
  vi.restoreAllMocks();
});

const send = (route: RouteCase, as: CallOptions["as"]) =>
  call(route.handler, route.path, {
    method: route.method,
    params: route.params,
    body: route.body,
    headers: route.headers,
    as,
  });

describe("who may call the admin API", () => {
  it("nobody → 401 UNAUTHORIZED, on every route, before the body is even read", async () => {
    for (const route of routes) {
      const answer = await send(route, null);
      expect(answer.status, route.name).toBe(401);
      expect(answer.body.error?.code, route.name).toBe("UNAUTHORIZED");
    }
  });

  it("a signed-in customer → 403 FORBIDDEN, on every route", async () => {
    for (const route of routes) {
      const answer = await send(route, customer);
      expect(answer.status, route.name).toBe(403);
      expect(answer.body.error?.code, route.name).toBe("FORBIDDEN");
    }
  });

  it("staff pass the guard on the staff routes (then their input is judged), and get 403 on token management", async () => {
    for (const route of routes) {
      const answer = await send(route, staff);
      if (route.adminOnly) {
        expect(answer.status, route.name).toBe(403);
      } else {
        expect([401, 403], route.name).not.toContain(answer.status);
        expect(answer.status, route.name).toBeLessThan(500);
      }
    }
  });

  it("an API token works like staff, and may not manage tokens (403)", async () => {
    for (const route of routes) {
      const answer = await send(route, bearer);
      if (route.adminOnly) {
        expect(answer.status, route.name).toBe(403);
      } else {
        expect([401, 403], route.name).not.toContain(answer.status);
        expect(answer.status, route.name).toBeLessThan(500);
      }
    }
  });

  it("an administrator manages tokens: make (shown once, stored hashed), list, revoke", async () => {
    const db = getDb();
    const made = await call(tokens.POST, "/api/admin/tokens", {
      method: "POST",
      body: { name: "Yeni ERP", expiresInDays: 30 },
      as: admin,
    });
    expect(made.status).toBe(201);
    const text = made.body.token as string;
    expect(text).toMatch(/^sfat_[0-9a-z]+_[A-Za-z0-9_-]{43}$/);
    expect(made.body).toMatchObject({ name: "Yeni ERP", createdBy: "Yönetici Deniz", status: "active" });
    const [row] = await q<{ token_hash: string; prefix: string }>(
      db,
      sql`select token_hash, prefix from admin_tokens where id = ${made.body.id as string}`,
    );
    expect(row?.token_hash).toBe(hashToken(text));
    expect(row?.token_hash).not.toContain(text.slice(-20));
    expect(text.startsWith(row?.prefix ?? "-")).toBe(true);

    const listed = await call(tokens.GET, "/api/admin/tokens", { as: admin });
    expect(JSON.stringify(listed.body)).not.toContain(text);
    expect((listed.body.items as { id: string }[]).some((t) => t.id === made.body.id)).toBe(true);

    const works = await call(orders.GET, "/api/admin/orders", { as: { authorization: `Bearer ${text}` } });
    expect(works.status).toBe(200);
    const revoked = await call(token.DELETE, `/api/admin/tokens/${made.body.id}`, {
      method: "DELETE",
      params: { id: made.body.id as string },
      as: admin,
    });
    expect(revoked.status).toBe(200);
    const refused = await call(orders.GET, "/api/admin/orders", { as: { authorization: `Bearer ${text}` } });
    expect(refused.status).toBe(401);
    const twice = await call(token.DELETE, `/api/admin/tokens/${made.body.id}`, {
      method: "DELETE",
      params: { id: made.body.id as string },
      as: admin,
    });
    expect(twice.status).toBe(404);
  });
});

describe("admin API tokens", () => {
  const ordersAs = (authorization: string, extra: Record<string, string> = {}) =>
    call(orders.GET, "/api/admin/orders", { headers: { authorization, ...extra } });

  it("unknown, malformed, revoked, expired or tampered tokens are 401", async () => {
    const db = getDb();
    const revokedToken = await makeToken(db, "İptal");
    expect(await revokeAdminToken(db, revokedToken.id)).toBe(true);
    const soon = new Date(Date.now() + 60_000);
    const expiring = await makeToken(db, "Süreli", soon);
    expect((await ordersAs(expiring.authorization)).status).toBe(200);
    expect(await verifyAdminToken(db, expiring.token, new Date(soon.getTime() + 1000))).toBeNull();
    expect(await verifyAdminToken(db, expiring.token, new Date(soon.getTime() - 1000))).not.toBeNull();

    // A token that was made already expired (its expiry is part of the hashed text).
    const [, , secret] = bearer.token.split("_");
    const past = Math.floor(Date.now() / 1000 - 60).toString(36);
    const expiredText = generateToken(new Date(Date.now() - 60_000));
    await db.execute(sql`insert into admin_tokens (name, token_hash, prefix)
      values ('Süresi dolmuş', ${hashToken(expiredText)}, ${expiredText.slice(0, 20)})`);

    const cases = {
      unknown: `Bearer ${generateToken()}`,
      malformed: "Bearer abc",
      empty: "Bearer ",
      revoked: revokedToken.authorization,
      expired: `Bearer ${expiredText}`,
      // The valid token's secret with another expiry: another text, another hash, unknown.
      tampered: `Bearer sfat_${past}_${secret}`,
      truncated: bearer.authorization.slice(0, -1),
    };
    for (const [name, authorization] of Object.entries(cases)) {
      const answer = await ordersAs(authorization);
      expect(answer.status, name).toBe(401);
      expect(answer.body.error?.code, name).toBe("UNAUTHORIZED");
    }
    expect((await ordersAs(bearer.authorization)).status).toBe(200);
    expect((await ordersAs(bearer.authorization.replace("Bearer", "bearer"))).status).toBe(200);
  });

  it("a wrong bearer is 401 even with a staff session cookie (bearer first, no fallback)", async () => {
    const answer = await ordersAs(`Bearer ${generateToken()}`, { cookie: staff.cookie });
    expect(answer.status).toBe(401);
    const cookieOnly = await call(orders.GET, "/api/admin/orders", { as: staff });
    expect(cookieOnly.status).toBe(200);
  });

  it("a session of a user whose role was taken away is refused at once (role read from the database)", async () => {
    const db = getDb();
    const former = await makeUser(db, "staff", "Eski Personel");
    expect((await call(orders.GET, "/api/admin/orders", { as: former })).status).toBe(200);
    await db.execute(sql`update users set role = 'customer' where id = ${former.id}`);
    expect((await call(orders.GET, "/api/admin/orders", { as: former })).status).toBe(403);
    await db.execute(sql`delete from users where id = ${former.id}`);
    expect((await call(orders.GET, "/api/admin/orders", { as: former })).status).toBe(401);
  });

  it("using a token records when it was last used", async () => {
    const db = getDb();
    const fresh = await makeToken(db, "Kullanım");
    await ordersAs(fresh.authorization);
    const [row] = await q<{ last_used_at: Date | null }>(
      db,
      sql`select last_used_at from admin_tokens where id = ${fresh.id}`,
    );
    expect(row?.last_used_at).not.toBeNull();
  });
});

describe("staff accounts", () => {
  it("access can be taken away, never one's own and never from the last administrator", async () => {
    const db = getDb();
    const { listStaff, revokeStaffAccess } = await import("@/lib/admin/staff");
    const helper = await makeUser(db, "staff", "Geçici Personel");
    expect((await listStaff(db)).some((m) => m.id === helper.id)).toBe(true);
    await revokeStaffAccess(db, helper.id, admin.id);
    expect((await listStaff(db)).some((m) => m.id === helper.id)).toBe(false);
    expect((await call(orders.GET, "/api/admin/orders", { as: helper })).status).toBe(403);

    await expect(revokeStaffAccess(db, admin.id, admin.id)).rejects.toMatchObject({
      details: { reason: "self" },
    });
    // Demote every other administrator; the last one cannot be removed, even by staff acting at once.
    const admins = (await listStaff(db)).filter((m) => m.role === "admin" && m.id !== admin.id);
    for (const other of admins) await revokeStaffAccess(db, other.id, admin.id);
    const results = await Promise.allSettled([
      revokeStaffAccess(db, admin.id, staff.id),
      revokeStaffAccess(db, admin.id, staff.id),
    ]);
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect((await listStaff(db)).filter((m) => m.role === "admin").map((m) => m.id)).toEqual([admin.id]);
    await expect(revokeStaffAccess(db, "u_missing", admin.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("staff accounts through the API (administrators)", () => {
  it("creates, updates, lists and removes a staff account; bad input is a 400 that changes nothing", async () => {
    const email = `api-staff-${randomBytes(3).toString("hex")}@example.com`;
    const body = { email, password: "personel-parola-2026", role: "staff", name: "API Personeli" };
    const created = await call(staffList.POST, "/api/admin/staff", { method: "POST", body, as: admin });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email, role: "staff", name: "API Personeli" });
    expect(created.body).not.toHaveProperty("passwordHash");
    const promoted = await call(staffList.POST, "/api/admin/staff", {
      method: "POST",
      body: { ...body, role: "admin" },
      as: admin,
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe("admin");
    const listed = await call(staffList.GET, "/api/admin/staff", { as: admin });
    expect(
      (listed.body.items as { email: string; role: string }[]).find((m) => m.email === email)?.role,
    ).toBe("admin");
    const weak = await call(staffList.POST, "/api/admin/staff", {
      method: "POST",
      body: { ...body, password: "kisa", role: "staff" },
      as: admin,
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error?.code).toBe("VALIDATION_FAILED");
    const id = created.body.id as string;
    const removed = await call(staffMember.DELETE, `/api/admin/staff/${id}`, {
      method: "DELETE",
      params: { id },
      as: admin,
    });
    expect(removed.status).toBe(200);
    const after = await call(staffList.GET, "/api/admin/staff", { as: admin });
    expect((after.body.items as { email: string }[]).some((m) => m.email === email)).toBe(false);
    const self = await call(staffMember.DELETE, `/api/admin/staff/${admin.id}`, {
      method: "DELETE",
      params: { id: admin.id },
      as: admin,
    });
    expect(self.status).toBe(403);
    expect(self.body.error?.details).toEqual({ reason: "self" });
  });

  it("two administrators demoting each other at once leave one administrator", async () => {
    const db = getDb();
    const { listStaff, saveStaffMember } = await import("@/lib/admin/staff");
    // Only these two administrators remain: the others are demoted first.
    const first = await makeUser(db, "admin", "Yönetici Bir");
    const second = await makeUser(db, "admin", "Yönetici İki");
    for (const other of (await listStaff(db)).filter((m) => m.role === "admin")) {
      if (other.id !== first.id && other.id !== second.id) {
        await db.execute(sql`update users set role = 'customer' where id = ${other.id}`);
      }
    }
    const demote = (target: TestUser, by: TestUser) =>
      saveStaffMember(db, { email: target.email, password: "yeni-parola-2026", role: "staff" }, by.id);
    const results = await Promise.allSettled([demote(first, second), demote(second, first)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({
      reason: { code: "FORBIDDEN", details: { reason: "last_admin" } },
    });
    const remaining = (await listStaff(db)).filter((m) => m.role === "admin");
    expect(remaining).toHaveLength(1);
    const last = remaining[0]?.id === first.id ? first : second;
    await expect(demote(last, last)).rejects.toMatchObject({ details: { reason: "self" } });
  });
});
