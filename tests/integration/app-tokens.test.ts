// Tokens for the store's apps (issue 17): the token and revoke routes, a bearer access token on shopper
// routes in place of the session cookie, refresh rotation, reuse detection and revocation.
import { randomBytes } from "node:crypto";
import { hash } from "@node-rs/argon2";
import { eq, sql } from "drizzle-orm";
import { SignJWT } from "jose";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as exportRoute } from "@/app/api/account/export/route";
import { GET as adminOrdersRoute } from "@/app/api/admin/orders/route";
import { POST as addItemRoute } from "@/app/api/cart/items/route";
import { GET as cartRoute } from "@/app/api/cart/route";
import { POST as revokeRoute } from "@/app/api/v1/auth/revoke/route";
import { POST as tokenRoute } from "@/app/api/v1/auth/token/route";
import { users } from "@/db/schema";
import { passwords } from "@/lib/accounts/password";
import { registerSchema } from "@/lib/accounts/schemas";
import { registerUser, SIGN_IN_LIMIT, upsertStaff, verifyCredentials } from "@/lib/accounts/users";
import { ACCESS_TTL_SECONDS, refreshGrant, signAccessToken } from "@/lib/app-tokens/service";
import { getDb } from "@/lib/db";
import { eraseOwnAccount } from "@/lib/privacy/service";
import { validate } from "@/lib/validation";
import { call } from "./admin-support";
import { extraPool, oneSku, q, tally, uniqueEmail } from "./checkout-support";

// The request as next/headers shows it to getCurrentUser: the Authorization header of the call, and a
// cookie jar that records any cookie a route would set (an app has none, and must get none).
const current = vi.hoisted(() => ({ headers: new Headers(), jar: new Map<string, string>() }));
vi.mock("next/headers", () => ({
  headers: async () => current.headers,
  cookies: async () => ({
    get: (name: string) => (current.jar.has(name) ? { name, value: current.jar.get(name) } : undefined),
    getAll: () => [...current.jar].map(([name, value]) => ({ name, value })),
    has: (name: string) => current.jar.has(name),
    set: (name: string, value: string) => current.jar.set(name, value),
    delete: (name: string) => current.jar.delete(name),
  }),
}));

// next-auth itself is not loadable here; the session cookie's path is not what these tests are about.
vi.mock("@/lib/auth/config", () => ({ auth: async () => null }));

const db = getDb();
const pool = extraPool(10);
afterAll(async () => {
  await pool.client.end({ timeout: 5 });
});
beforeEach(() => {
  current.jar.clear();
});

const PASSWORD = "uygulama-parolası-7";
const uniqueIp = () => `10.${[...randomBytes(3)].join(".")}`;

async function makeCustomer() {
  const email = uniqueEmail("app");
  const input = validate(registerSchema, { email, password: PASSWORD, name: "Elif Kaya" }, "tr");
  return registerUser(db, input, { ip: uniqueIp() });
}

interface Pair {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
}

/** A route called as the app calls it: no cookies, the access token (if any) as a bearer. */
function asApp(
  handler: unknown,
  path: string,
  options: { token?: string; method?: string; body?: unknown } = {},
) {
  const authorization = options.token === undefined ? undefined : `Bearer ${options.token}`;
  current.headers = new Headers(authorization ? { authorization } : {});
  return call(handler, path, {
    method: options.method,
    body: options.body,
    as: authorization ? { authorization } : null,
  });
}

function tokenRequest(body: unknown, ip = uniqueIp()) {
  current.headers = new Headers();
  return call(tokenRoute, "/api/v1/auth/token", { method: "POST", body, headers: { "x-forwarded-for": ip } });
}

async function signIn(email: string, password = PASSWORD): Promise<Pair> {
  const response = await tokenRequest({ grant_type: "password", email, password });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as unknown as Pair;
}

const refresh = (refreshToken: string) =>
  tokenRequest({ grant_type: "refresh_token", refresh_token: refreshToken });
const cartStatus = async (token: string) => (await asApp(cartRoute, "/api/cart", { token })).status;
const revoke = (token: unknown) =>
  call(revokeRoute, "/api/v1/auth/revoke", { method: "POST", body: { token } });

describe("the password grant", () => {
  it("answers a Bearer pair, uncached, for the right password only, wording unknown emails alike", async () => {
    const user = await makeCustomer();
    const granted = await tokenRequest({
      grant_type: "password",
      email: user.email.toUpperCase(),
      password: PASSWORD,
    });
    expect(granted.status).toBe(200);
    expect(granted.headers.get("cache-control")).toBe("no-store");
    expect(granted.body).toEqual({
      access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      token_type: "Bearer",
      expires_in: ACCESS_TTL_SECONDS,
      refresh_token: expect.stringMatching(/^sfrt_[\w-]{43}$/),
    });
    // Only the refresh token's hash is stored.
    const stored = await q<{ token_hash: string }>(db, sql`select token_hash from app_refresh_tokens`);
    expect(stored.map((row) => row.token_hash)).not.toContain(granted.body.refresh_token);

    const wrong = await tokenRequest({
      grant_type: "password",
      email: user.email,
      password: "yanlış-parola",
    });
    const unknown = await tokenRequest({
      grant_type: "password",
      email: uniqueEmail("nobody"),
      password: PASSWORD,
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("cache-control")).toBe("no-store");
    expect(wrong.body.error).toEqual({
      code: "INVALID_CREDENTIALS",
      message: "E-posta veya şifre hatalı.",
      details: {},
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it("refuses other grants and malformed requests with 400, and staff accounts with 403", async () => {
    const unsupported = await tokenRequest({ grant_type: "client_credentials" });
    expect(unsupported.status).toBe(400);
    expect(unsupported.body.error?.code).toBe("UNSUPPORTED_GRANT_TYPE");
    for (const body of [
      { email: "a@example.com", password: "x" },
      { grant_type: "password", email: "a@example.com" },
      { grant_type: "refresh_token" },
      [],
    ]) {
      const response = await tokenRequest(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error?.code).toBe("VALIDATION_FAILED");
    }
    const staff = await upsertStaff(db, { email: uniqueEmail("staff"), password: PASSWORD, role: "staff" });
    const refused = await tokenRequest({
      grant_type: "password",
      email: staff.user.email,
      password: PASSWORD,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe("FORBIDDEN");
  });

  it("counts against the sign-in limits: the sixth failure from an IP is 429, for the sign-in form too", async () => {
    const user = await makeCustomer();
    const ip = uniqueIp();
    for (let attempt = 0; attempt < SIGN_IN_LIMIT.limit; attempt++) {
      const failed = await tokenRequest(
        { grant_type: "password", email: user.email, password: "yanlış" },
        ip,
      );
      expect(failed.status).toBe(401);
    }
    const limited = await tokenRequest({ grant_type: "password", email: user.email, password: PASSWORD }, ip);
    expect(limited.status).toBe(429);
    expect(limited.body.error?.code).toBe("RATE_LIMITED");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    await expect(verifyCredentials(db, { email: user.email, password: PASSWORD, ip })).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
  });
});

describe("a bearer access token on the shopper routes", () => {
  it("stands in for the session cookie: the account's cart and data, and no cookie minted", async () => {
    const user = await makeCustomer();
    const { access_token } = await signIn(user.email);
    const item = await oneSku(db, "APPTOK", 10);
    const added = await asApp(addItemRoute, "/api/cart/items", {
      token: access_token,
      method: "POST",
      body: { sku: item.sku, qty: 2 },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(current.jar.size).toBe(0);
    const [cart] = await q<{ qty: number }>(
      db,
      sql`select sum(ci.qty)::int as qty from carts c join cart_items ci on ci.cart_id = c.id
        where c.user_id = ${user.id}`,
    );
    expect(cart?.qty).toBe(2);
    const read = await asApp(cartRoute, "/api/cart", { token: access_token });
    expect(read.body.items).toEqual([expect.objectContaining({ sku: item.sku, qty: 2 })]);

    const exported = await asApp(exportRoute, "/api/account/export", { token: access_token });
    expect(exported.status).toBe(200);
    expect(exported.body.email).toBe(user.email);
    expect(exported.body.appSignIns).toEqual([expect.objectContaining({ revokedAt: null })]);
    expect(JSON.stringify(exported.body)).not.toContain(access_token.split(".")[2]);
    expect(current.jar.size).toBe(0);
  });

  it("is 401 when expired, forged or malformed, never a guest, and never an admin API token", async () => {
    const user = await makeCustomer();
    const { access_token } = await signIn(user.email);
    const [family] = await q<{ id: string }>(
      db,
      sql`select id from app_token_families where user_id = ${user.id}`,
    );
    const past = new Date(Date.now() - (ACCESS_TTL_SECONDS + 60) * 1000);
    const expired = await signAccessToken(user.id, family?.id ?? "", past);
    const forged = await new SignJWT({ fid: family?.id })
      .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
      .setSubject(user.id)
      .setAudience("store-app")
      .setExpirationTime("10m")
      .sign(new TextEncoder().encode("not the store's key, but 32+ bytes long"));
    const cases: [string, string][] = [
      [expired, "TOKEN_EXPIRED"],
      [forged, "INVALID_TOKEN"],
      ["", "INVALID_TOKEN"],
      ["sfat_0_abc", "INVALID_TOKEN"],
    ];
    for (const [token, code] of cases) {
      const response = await asApp(addItemRoute, "/api/cart/items", {
        token,
        method: "POST",
        body: { sku: "NOPE-1", qty: 1 },
      });
      expect(response.status, token).toBe(401);
      expect(response.body.error?.code).toBe(code);
      expect(response.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    }
    expect(current.jar.size).toBe(0);
    expect(await cartStatus(access_token)).toBe(200);
    // The admin API takes its own tokens only.
    const admin = await call(adminOrdersRoute, "/api/admin/orders", {
      as: { authorization: `Bearer ${access_token}` },
    });
    expect(admin.status).toBe(401);
  });
});

describe("refresh tokens", () => {
  it("rotate: each is exchanged once for a new pair; presenting a spent one revokes the whole family", async () => {
    const user = await makeCustomer();
    const first = await signIn(user.email);
    const other = await signIn(user.email); // another device: its own family
    const second = (await refresh(first.refresh_token)).body as unknown as Pair;
    expect(second.refresh_token).toMatch(/^sfrt_/);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const third = await refresh(second.refresh_token);
    expect(third.status).toBe(200);
    const chain = await q<{ parented: boolean; spent: boolean }>(
      db,
      sql`select t.parent_id is not null as parented, t.spent_at is not null as spent
        from app_refresh_tokens t join app_token_families f on f.id = t.family_id
        where f.id = (select family_id from app_refresh_tokens where parent_id is null and family_id in
          (select id from app_token_families where user_id = ${user.id}) order by created_at limit 1)
        order by t.created_at`,
    );
    expect(chain.map((row) => row.parented)).toEqual([false, true, true]);
    expect(chain.filter((row) => row.spent)).toHaveLength(2);

    const reused = await refresh(first.refresh_token);
    expect(reused.status).toBe(401);
    expect(reused.body.error?.code).toBe("INVALID_TOKEN");
    const latest = third.body as unknown as Pair;
    expect(await cartStatus(latest.access_token)).toBe(401);
    expect((await refresh(latest.refresh_token)).status).toBe(401);
    // The other sign-in is untouched.
    expect(await cartStatus(other.access_token)).toBe(200);
    expect((await refresh(other.refresh_token)).status).toBe(200);
  });

  it("of concurrent exchanges of one token, at most one wins (and the duplicate counts as reuse)", async () => {
    const user = await makeCustomer();
    const { refresh_token, access_token } = await signIn(user.email);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => refreshGrant(pool.db, refresh_token)),
    );
    expect(
      tally(results.map((result) => (result.status === "fulfilled" ? "won" : String(result.reason.code)))),
    ).toEqual({
      won: 1,
      INVALID_TOKEN: 7,
    });
    const [issued] = await q<{ n: number }>(
      db,
      sql`select count(*)::int as n from app_refresh_tokens t join app_token_families f on f.id = t.family_id
        where f.user_id = ${user.id}`,
    );
    expect(issued?.n).toBe(2);
    expect(await cartStatus(access_token)).toBe(401);
  });

  it("expire 30 days after their issue", async () => {
    const user = await makeCustomer();
    const { refresh_token } = await signIn(user.email);
    await db.execute(sql`update app_refresh_tokens set expires_at = now() - interval '1 second'
      where family_id in (select id from app_token_families where user_id = ${user.id})`);
    expect((await refresh(refresh_token)).status).toBe(401);
  });
});

describe("revocation", () => {
  it("POST /api/v1/auth/revoke ends the family of a refresh or an access token, and answers 200 for anything", async () => {
    const user = await makeCustomer();
    const byRefresh = await signIn(user.email);
    const byAccess = await signIn(user.email);
    const kept = await signIn(user.email);
    for (const token of [
      byRefresh.refresh_token,
      byAccess.access_token,
      "sfrt_unknown",
      "garbage",
      byRefresh.refresh_token,
    ]) {
      const response = await revoke(token);
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
    for (const pair of [byRefresh, byAccess]) {
      expect(await cartStatus(pair.access_token)).toBe(401);
      expect((await refresh(pair.refresh_token)).status).toBe(401);
    }
    expect(await cartStatus(kept.access_token)).toBe(200);
    expect((await revoke(undefined)).status).toBe(400);
  });

  it("a new password or the account's erasure ends every sign-in at once; a rehash of the same one does not", async () => {
    const user = await makeCustomer();
    const before = await signIn(user.email);
    // A hash of the same password made with weaker parameters than today's: the next sign-in rehashes it.
    const weak = await hash(PASSWORD, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('store.same_password', 'on', true)`);
      await tx.update(users).set({ passwordHash: weak }).where(eq(users.id, user.id));
    });
    const after = await signIn(user.email);
    const [row] = await db
      .select({ passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, user.id));
    expect(row?.passwordHash).not.toBe(weak);
    expect(await cartStatus(before.access_token)).toBe(200);

    await db
      .update(users)
      .set({ passwordHash: await passwords.hash("yepyeni-parola-8") })
      .where(eq(users.id, user.id));
    for (const pair of [before, after]) {
      expect(await cartStatus(pair.access_token)).toBe(401);
      expect((await refresh(pair.refresh_token)).status).toBe(401);
    }

    const erased = await makeCustomer();
    const pair = await signIn(erased.email);
    await eraseOwnAccount(db, { userId: erased.id, password: PASSWORD, ip: uniqueIp() });
    expect(await cartStatus(pair.access_token)).toBe(401);
    expect((await refresh(pair.refresh_token)).status).toBe(401);
    const left = await q(db, sql`select id from app_token_families where user_id = ${erased.id}`);
    expect(left).toEqual([]);
  });
});
