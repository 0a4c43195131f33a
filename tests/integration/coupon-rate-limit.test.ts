import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it, vi } from "vitest";
import { POST as applyRoute } from "@/app/api/cart/coupon/route";
import { applyCouponLimited, COUPON_BUCKETS, COUPON_GUESS_LIMIT } from "@/lib/coupons/service";
import { getDb } from "@/lib/db";
import { appError, cartWith, extraPool, makeCoupon, oneSku, q, tag, tally } from "./checkout-support";

// The route reads the cart from the cookie; here the test decides which cart that is.
let currentCart = "";
vi.mock("@/lib/cart/session", () => ({
  ensureCartId: async () => currentCart,
  readCartId: async () => currentCart,
}));

const pool = extraPool(30);

afterAll(async () => {
  await pool.client.end({ timeout: 5 });
});

const ip = () => `198.51.100.${tag()}`;
const wrongCode = () => `NOPE${tag()}`.toUpperCase();

async function freshCart() {
  const item = await oneSku(getDb(), "COUPON-RL", 10);
  return cartWith(getDb(), [[item.sku, 1]]);
}

async function counted(bucket: string, key: string): Promise<number> {
  const [row] = await q<{ n: number }>(
    getDb(),
    sql`select count(*)::int as n from rate_limit_events where bucket = ${bucket} and key = ${key}`,
  );
  return row?.n ?? 0;
}

async function codesOn(cartId: string): Promise<string[]> {
  const rows = await q<{ code: string }>(
    getDb(),
    sql`select k.code from cart_coupons cc join coupons k on k.id = cc.coupon_id where cc.cart_id = ${cartId}`,
  );
  return rows.map((r) => r.code);
}

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (e: { code?: string }) => e.code ?? String(e),
  );

describe("discount codes: guessing is rate-limited", () => {
  it("30 concurrent wrong codes on one cart: 10 are looked at, 20 refused with 429; then a valid code is refused too", async () => {
    const cartId = await freshCart();
    const from = ip();
    const valid = await makeCoupon(getDb());

    const results = await Promise.all(
      Array.from({ length: 30 }, () =>
        outcome(applyCouponLimited(pool.db, { cartId, code: wrongCode(), userId: null, ip: from })),
      ),
    );

    expect(tally(results)).toEqual({ COUPON_INVALID: 10, RATE_LIMITED: 20 });
    expect(await counted(COUPON_BUCKETS.cart, cartId)).toBe(COUPON_GUESS_LIMIT.limit);
    const refused = await appError(
      applyCouponLimited(getDb(), { cartId, code: valid.code, userId: null, ip: ip() }),
    );
    expect(refused.code).toBe("RATE_LIMITED");
    expect(refused.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.details.retryAfterSeconds).toBeLessThanOrEqual(COUPON_GUESS_LIMIT.windowSeconds);
    expect(await codesOn(cartId)).toEqual([]);

    // Once the oldest failure has left the window, the valid code applies.
    const later = new Date(Date.now() + (COUPON_GUESS_LIMIT.windowSeconds + 1) * 1000);
    await applyCouponLimited(getDb(), { cartId, code: valid.code, userId: null, ip: ip() }, later);
    expect(await codesOn(cartId)).toEqual([valid.code]);
  });

  it("failures from one IP add up over many carts", async () => {
    const from = ip();
    for (let i = 0; i < COUPON_GUESS_LIMIT.limit; i++) {
      const cartId = await freshCart();
      const error = await appError(
        applyCouponLimited(getDb(), { cartId, code: wrongCode(), userId: null, ip: from }),
      );
      expect(error.code).toBe("COUPON_INVALID");
    }
    const valid = await makeCoupon(getDb());
    const cartId = await freshCart();
    expect(
      (await appError(applyCouponLimited(getDb(), { cartId, code: valid.code, userId: null, ip: from })))
        .code,
    ).toBe("RATE_LIMITED");
    // The same cart from another address is not limited: its own count is still 0.
    await applyCouponLimited(getDb(), { cartId, code: valid.code, userId: null, ip: ip() });
    expect(await codesOn(cartId)).toEqual([valid.code]);
  });

  it("successful applications and other refusals are not counted", async () => {
    const cartId = await freshCart();
    const from = ip();
    for (let i = 0; i < COUPON_GUESS_LIMIT.limit - 1; i++) {
      await appError(applyCouponLimited(getDb(), { cartId, code: wrongCode(), userId: null, ip: from }));
    }
    const valid = await makeCoupon(getDb());
    const usedUp = await makeCoupon(getDb(), { usageLimit: 0 });
    for (let i = 0; i < 3; i++) {
      await applyCouponLimited(getDb(), { cartId, code: valid.code, userId: null, ip: from });
      const other = await appError(
        applyCouponLimited(getDb(), { cartId, code: usedUp.code, userId: null, ip: from }),
      );
      expect(other.code).toBe("COUPON_USAGE_LIMIT");
    }
    expect(await counted(COUPON_BUCKETS.cart, cartId)).toBe(COUPON_GUESS_LIMIT.limit - 1);
    expect(await counted(COUPON_BUCKETS.ip, from)).toBe(COUPON_GUESS_LIMIT.limit - 1);
    // The tenth failure is still looked at; the eleventh attempt is refused.
    expect(
      (await appError(applyCouponLimited(getDb(), { cartId, code: wrongCode(), userId: null, ip: from })))
        .code,
    ).toBe("COUPON_INVALID");
    expect(
      (await appError(applyCouponLimited(getDb(), { cartId, code: valid.code, userId: null, ip: from })))
        .code,
    ).toBe("RATE_LIMITED");
  });

  it("POST /api/cart/coupon answers 429 RATE_LIMITED in the error shape with Retry-After", async () => {
    currentCart = await freshCart();
    const from = ip();
    const post = (code: string) =>
      applyRoute(
        new NextRequest("http://store.test/api/cart/coupon", {
          method: "POST",
          body: JSON.stringify({ code }),
          headers: { "content-type": "application/json", "x-forwarded-for": from, cookie: "NEXT_LOCALE=en" },
        }),
        { params: Promise.resolve({}) },
      );
    for (let i = 0; i < COUPON_GUESS_LIMIT.limit; i++) expect((await post(wrongCode())).status).toBe(422);

    const valid = await makeCoupon(getDb());
    const answer = await post(valid.code);
    expect(answer.status).toBe(429);
    const body = await answer.json();
    expect(body.error.code).toBe("RATE_LIMITED");
    expect(body.error.message).toContain(String(body.error.details.retryAfterSeconds));
    expect(answer.headers.get("retry-after")).toBe(String(body.error.details.retryAfterSeconds));
    expect(await codesOn(currentCart)).toEqual([]);
  });
});
