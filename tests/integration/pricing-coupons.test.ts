import { type SQL, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { cartCouponRecords, priceLines } from "@/lib/cart/pricing";
import { addItem, getCart, readCart, setItemQty } from "@/lib/cart/service";
import { newCartId } from "@/lib/cart/token";
import { priceableLines } from "@/lib/cart/view";
import { normalizeCode } from "@/lib/coupons/rules";
import { applyCoupon, removeCoupon } from "@/lib/coupons/service";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";

// Coupons as the cart applies, keeps and drops them, against the seeded demo codes (lib/demo/pricing.ts):
// HOSGELDIN10 10 % stackable, 100TL fixed with minOrder 750 TL, KARGOBEDAVA free shipping stackable,
// YAZ2025 expired, ILKSIPARIS usageLimit 1, KITAP20 20 % on "kitap" capped at 200 TL, YILBASI not started.

const db = getDb();

async function q<T>(query: SQL): Promise<T[]> {
  return (await db.execute(query)) as unknown as T[];
}

async function cartWith(items: [sku: string, qty: number][], userId: string | null = null) {
  const cartId = newCartId();
  for (const [sku, qty] of items) await addItem(db, { cartId, userId }, { sku, qty });
  return cartId;
}

function apply(cartId: string, code: string, userId: string | null = null, now = new Date()) {
  return applyCoupon(db, { cartId, code, userId }, now);
}

/** Every cart_coupons row in the database, in a stable order. */
async function allCartCoupons() {
  return q<{ cart_id: string; coupon_id: number; applied_at: string }>(
    sql`select cart_id, coupon_id, applied_at::text from cart_coupons order by cart_id, coupon_id`,
  );
}

async function codesOn(cartId: string) {
  const rows = await q<{
    code: string;
  }>(sql`select k.code from cart_coupons cc join coupons k on k.id = cc.coupon_id
    where cc.cart_id = ${cartId} order by cc.applied_at, k.id`);
  return rows.map((r) => r.code);
}

/** Runs applyCoupon expecting a rejection with `code`; the cart_coupons table must not move. */
async function expectRejected(
  cartId: string,
  input: string,
  code: string,
  options: { userId?: string | null; details?: Record<string, unknown> } = {},
) {
  const before = await allCartCoupons();
  const error = await apply(cartId, input, options.userId ?? null).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `${input} should be rejected with ${code}`).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (options.details) expect((error as AppError).details).toMatchObject(options.details);
  expect(await allCartCoupons()).toEqual(before);
  return error as AppError;
}

let couponSeq = 0;
async function makeCoupon(values: {
  type?: "percent" | "fixed" | "free_shipping";
  value?: number;
  stackable?: boolean;
  active?: boolean;
  perCustomerLimit?: number | null;
  usageLimit?: number | null;
  usedCount?: number;
  minOrder?: number | null;
  expiresAt?: Date | null;
  categories?: string[];
}) {
  couponSeq += 1;
  const code = `TEST${couponSeq}X${Date.now() % 100000}`;
  await db.execute(sql`insert into coupons (code, type, value, stackable, active, per_customer_limit, usage_limit,
      used_count, min_order, expires_at, applies_to_categories)
    values (${code}, ${values.type ?? "percent"}, ${values.value ?? 5}, ${values.stackable ?? false},
      ${values.active ?? true}, ${values.perCustomerLimit ?? null}, ${values.usageLimit ?? null},
      ${values.usedCount ?? 0}, ${values.minOrder ?? null}, ${values.expiresAt?.toISOString() ?? null},
      ${`{${(values.categories ?? []).join(",")}}`}::text[])`);
  return code;
}

async function makeUser() {
  const [user] = await q<{ id: string }>(sql`insert into users (email, name, password_hash)
    values (${`pricing-${newCartId()}@example.com`}, 'Deneme Kullanıcı', 'x') returning id`);
  if (!user) throw new Error("no user");
  return user.id;
}

/** The cart priced by lib/cart/pricing directly, for per-line numbers. */
async function pricedLines(cartId: string) {
  const { cart, lines } = await readCart(db, cartId);
  const priced = await priceLines(db, {
    lines: priceableLines(lines),
    coupons: await cartCouponRecords(db, cartId, { userId: cart?.userId ?? null, email: null }),
    destination: cart?.destination ?? null,
    shippingMethod: cart?.shippingMethod ?? null,
    paymentMethod: null,
    giftWrap: cart?.giftWrap ?? false,
    locale: "tr",
  });
  return { priced, lines };
}

// Seeded prices (kuruş, KDV included): a book in "kitap", a women's t-shirt in kadin-giyim < giyim.
const BOOK = "KTP-IST"; // 34990, zero-rated
const BIG_BOOK = "KTP-MUTFAK"; // 44990, zero-rated
const TSHIRT = "KTS-BASIC-WHT-M"; // 39990, standard
const TSHIRT_L = "KTS-BASIC-WHT-L"; // 39990, standard

describe("category-limited coupon (KITAP20)", () => {
  it("discounts only the book line: 20 % of it, the t-shirt line gets nothing", async () => {
    const cartId = await cartWith([
      [BOOK, 1],
      [TSHIRT, 1],
    ]);
    await apply(cartId, "KITAP20");
    const cart = await getCart(db, cartId, "tr");
    expect(cart.totals.subtotal).toBe(34990 + 39990);
    expect(cart.coupons).toEqual([{ code: "KITAP20", discount: 6998 }]);
    expect(cart.coupon).toEqual({ code: "KITAP20", discount: 6998 });
    expect(cart.totals.discount).toBe(6998);
    expect(cart.totals.total).toBe(34990 + 39990 - 6998);

    const { priced, lines } = await pricedLines(cartId);
    const byId = new Map(priced.result.lines.map((line) => [line.id, line]));
    const book = lines.find((l) => l.sku === BOOK);
    const shirt = lines.find((l) => l.sku === TSHIRT);
    expect(byId.get(book?.id ?? "")).toMatchObject({ gross: 34990, discount: 6998, net: 27992 });
    expect(byId.get(shirt?.id ?? "")).toMatchObject({ gross: 39990, discount: 0, net: 39990 });
    expect(priced.result.discount).toBe(6998);
  });

  it("caps the discount at 200 TL and still leaves the t-shirt line alone", async () => {
    const cartId = await cartWith([
      [BIG_BOOK, 3],
      [TSHIRT_L, 1],
    ]);
    await apply(cartId, "KITAP20");
    const cart = await getCart(db, cartId, "tr");
    // 20 % of 134970 = 26994 > 20000.
    expect(cart.coupons).toEqual([{ code: "KITAP20", discount: 20000 }]);
    expect(cart.totals.discount).toBe(20000);
    expect(cart.totals.total).toBe(3 * 44990 + 39990 - 20000);
    const { priced, lines } = await pricedLines(cartId);
    const shirt = lines.find((l) => l.sku === TSHIRT_L);
    const book = lines.find((l) => l.sku === BIG_BOOK);
    const byId = new Map(priced.result.lines.map((line) => [line.id, line]));
    expect(byId.get(shirt?.id ?? "")?.discount).toBe(0);
    expect(byId.get(book?.id ?? "")?.discount).toBe(20000);
  });

  it("is COUPON_NOT_APPLICABLE on a cart without books (KITAP20 has no minOrder)", async () => {
    const cartId = await cartWith([[TSHIRT, 1]]);
    await expectRejected(cartId, "KITAP20", "COUPON_NOT_APPLICABLE", {
      details: { reason: "no_eligible_items" },
    });
    expect((await getCart(db, cartId, "tr")).coupons).toEqual([]);
  });

  it("is COUPON_MIN_ORDER, not NOT_APPLICABLE, when a category coupon with a minimum has no eligible line", async () => {
    const code = await makeCoupon({ categories: ["kitap"], minOrder: 10000 });
    const cartId = await cartWith([[TSHIRT, 1]]);
    await expectRejected(cartId, code, "COUPON_MIN_ORDER", { details: { minOrder: 10000 } });
  });

  it("a parent category matches the products of its child categories", async () => {
    // The t-shirt's category is kadin-giyim, a child of giyim.
    const code = await makeCoupon({ categories: ["giyim"], value: 10 });
    const cartId = await cartWith([
      [TSHIRT, 1],
      [BOOK, 1],
    ]);
    await apply(cartId, code);
    const cart = await getCart(db, cartId, "tr");
    expect(cart.coupons).toEqual([{ code, discount: 3999 }]);
  });
});

describe("coupons dropped when the cart changes", () => {
  it("removes 100TL when the cart falls under minOrder, flags it, and clears the flag on the next change", async () => {
    const cartId = await cartWith([[TSHIRT, 2]]); // 79980 >= 75000
    await apply(cartId, "100TL");
    let cart = await getCart(db, cartId, "tr");
    expect(cart.coupons).toEqual([{ code: "100TL", discount: 10000 }]);
    expect(cart.totals.total).toBe(79980 - 10000);
    const itemId = cart.items[0]?.id ?? "";

    await setItemQty(db, { cartId }, itemId, 1); // 39990 < 75000
    cart = await getCart(db, cartId, "tr");
    expect(cart.coupons.map((c) => c.code)).not.toContain("100TL");
    expect(cart.coupon).toBeNull();
    expect(cart.totals.discount).toBe(0);
    expect(cart.totals.total).toBe(39990);
    expect(cart.couponNotices).toContainEqual({ code: "100TL", reason: "COUPON_MIN_ORDER" });
    expect(await codesOn(cartId)).toEqual([]);

    // Shown until the shopper's next change, not just once.
    cart = await getCart(db, cartId, "tr");
    expect(cart.couponNotices).toEqual([{ code: "100TL", reason: "COUPON_MIN_ORDER" }]);

    await setItemQty(db, { cartId }, itemId, 2);
    cart = await getCart(db, cartId, "tr");
    expect(cart.couponNotices).toEqual([]);
    // Dropped means dropped: going back over the minimum does not bring the code back.
    expect(cart.coupons).toEqual([]);
  });

  it("also clears the notice when an item is added", async () => {
    const cartId = await cartWith([[TSHIRT, 2]]);
    await apply(cartId, "100TL");
    const itemId = (await getCart(db, cartId, "tr")).items[0]?.id ?? "";
    await setItemQty(db, { cartId }, itemId, 1);
    expect((await getCart(db, cartId, "tr")).couponNotices).toEqual([
      { code: "100TL", reason: "COUPON_MIN_ORDER" },
    ]);
    await addItem(db, { cartId }, { sku: BOOK, qty: 1 });
    expect((await getCart(db, cartId, "tr")).couponNotices).toEqual([]);
  });

  it("drops a code that expired while it sat in the cart, with COUPON_EXPIRED", async () => {
    const code = await makeCoupon({ value: 10, stackable: true });
    const cartId = await cartWith([[TSHIRT, 1]]);
    await apply(cartId, code);
    expect((await getCart(db, cartId, "tr")).coupons).toEqual([{ code, discount: 3999 }]);
    await db.execute(sql`update coupons set expires_at = now() - interval '1 minute' where code = ${code}`);
    const cart = await getCart(db, cartId, "tr");
    expect(cart.coupons).toEqual([]);
    expect(cart.couponNotices).toEqual([{ code, reason: "COUPON_EXPIRED" }]);
  });
});

describe("coupons dropped when the cart changes (more)", () => {
  it("drops KITAP20 with COUPON_NOT_APPLICABLE when the last book leaves the cart", async () => {
    const cartId = await cartWith([
      [BOOK, 1],
      [TSHIRT, 1],
    ]);
    await apply(cartId, "KITAP20");
    const book = (await getCart(db, cartId, "tr")).items.find((i) => i.sku === BOOK);
    await setItemQty(db, { cartId }, book?.id ?? "", 0);
    const cart = await getCart(db, cartId, "tr");
    expect(cart.coupons).toEqual([]);
    expect(cart.totals.discount).toBe(0);
    expect(cart.couponNotices).toEqual([{ code: "KITAP20", reason: "COUPON_NOT_APPLICABLE" }]);
  });

  it("drops two codes at once, keeping a third, with one notice each in the order applied", async () => {
    const first = await makeCoupon({ value: 5, stackable: true });
    const second = await makeCoupon({ value: 5, stackable: true });
    const cartId = await cartWith([[TSHIRT, 1]]);
    await apply(cartId, first, null, new Date(Date.now() - 3000));
    await apply(cartId, "HOSGELDIN10", null, new Date(Date.now() - 2000));
    await apply(cartId, second, null, new Date(Date.now() - 1000));
    await db.execute(
      sql`update coupons set expires_at = now() - interval '1 minute' where code in (${first}, ${second})`,
    );
    const cart = await getCart(db, cartId, "tr");
    expect(cart.coupons).toEqual([{ code: "HOSGELDIN10", discount: 3999 }]);
    expect(cart.couponNotices).toEqual([
      { code: first, reason: "COUPON_EXPIRED" },
      { code: second, reason: "COUPON_EXPIRED" },
    ]);
    expect(await codesOn(cartId)).toEqual(["HOSGELDIN10"]);
  });
});

describe("applyCoupon error codes, in the contract's order", () => {
  it("COUPON_INVALID for an unknown code, a switched-off code and one not started yet (YILBASI)", async () => {
    const cartId = await cartWith([[TSHIRT, 1]]);
    await expectRejected(cartId, "YOKBOYLEKOD", "COUPON_INVALID");
    const inactive = await makeCoupon({ value: 10, active: false });
    await expectRejected(cartId, inactive, "COUPON_INVALID");
    await expectRejected(cartId, "YILBASI", "COUPON_INVALID");
    // Switched off wins over expired.
    const offAndExpired = await makeCoupon({ active: false, expiresAt: new Date(Date.now() - 86_400_000) });
    await expectRejected(cartId, offAndExpired, "COUPON_INVALID");
    // The not-started code becomes usable once its start date has passed.
    await apply(cartId, "YILBASI", null, new Date(Date.now() + 40 * 86_400_000));
    expect(await codesOn(cartId)).toEqual(["YILBASI"]);
  });

  it("COUPON_EXPIRED for YAZ2025", async () => {
    const cartId = await cartWith([[TSHIRT, 1]]);
    const error = await expectRejected(cartId, "YAZ2025", "COUPON_EXPIRED");
    expect(typeof error.details.expiresAt).toBe("string");
    // Expired wins over a reached usage limit.
    const both = await makeCoupon({
      expiresAt: new Date(Date.now() - 86_400_000),
      usageLimit: 1,
      usedCount: 1,
    });
    await expectRejected(cartId, both, "COUPON_EXPIRED");
  });

  it("COUPON_USAGE_LIMIT once ILKSIPARIS has been used up", async () => {
    const cartId = await cartWith([[TSHIRT, 1]]);
    await db.execute(sql`update coupons set used_count = usage_limit where code = 'ILKSIPARIS'`);
    try {
      await expectRejected(cartId, "ILKSIPARIS", "COUPON_USAGE_LIMIT");
      // Usage limit wins over the minimum order.
      const both = await makeCoupon({ usageLimit: 2, usedCount: 2, minOrder: 1_000_000 });
      await expectRejected(cartId, both, "COUPON_USAGE_LIMIT");
    } finally {
      await db.execute(sql`update coupons set used_count = 0 where code = 'ILKSIPARIS'`);
    }
    await apply(cartId, "ILKSIPARIS");
    expect(await codesOn(cartId)).toEqual(["ILKSIPARIS"]);
  });

  it("COUPON_MIN_ORDER for 100TL on a small cart, with details.minOrder = 75000", async () => {
    const cartId = await cartWith([[TSHIRT, 1]]);
    await expectRejected(cartId, "100TL", "COUPON_MIN_ORDER", {
      details: { minOrder: 75000, code: "100TL" },
    });
    // Minimum wins over not combinable: HOSGELDIN10 on the cart, 100TL still reports the minimum.
    await apply(cartId, "HOSGELDIN10");
    await expectRejected(cartId, "100TL", "COUPON_MIN_ORDER", { details: { minOrder: 75000 } });
  });

  it("COUPON_NOT_APPLICABLE for a second non-stackable code, in either order with a stackable one", async () => {
    const cartId = await cartWith([[BIG_BOOK, 2]]); // 89980: eligible for 100TL and KITAP20
    await apply(cartId, "100TL");
    await expectRejected(cartId, "KITAP20", "COUPON_NOT_APPLICABLE", {
      details: { reason: "not_combinable" },
    });
    await expectRejected(cartId, "HOSGELDIN10", "COUPON_NOT_APPLICABLE", {
      details: { reason: "not_combinable" },
    });
    expect(await codesOn(cartId)).toEqual(["100TL"]);

    const other = await cartWith([[BIG_BOOK, 2]]);
    await apply(other, "HOSGELDIN10");
    await expectRejected(other, "100TL", "COUPON_NOT_APPLICABLE", { details: { reason: "not_combinable" } });
    expect(await codesOn(other)).toEqual(["HOSGELDIN10"]);
  });

  it("COUPON_NOT_APPLICABLE for a 4th stackable code; three stack", async () => {
    const extra1 = await makeCoupon({ value: 5, stackable: true });
    const extra2 = await makeCoupon({ value: 5, stackable: true });
    const cartId = await cartWith([[TSHIRT, 1]]);
    await apply(cartId, "HOSGELDIN10", null, new Date(Date.now() - 3000));
    await apply(cartId, "KARGOBEDAVA", null, new Date(Date.now() - 2000));
    await apply(cartId, extra1, null, new Date(Date.now() - 1000));
    expect(await codesOn(cartId)).toEqual(["HOSGELDIN10", "KARGOBEDAVA", extra1]);
    await expectRejected(cartId, extra2, "COUPON_NOT_APPLICABLE", { details: { reason: "not_combinable" } });
    const cart = await getCart(db, cartId, "tr");
    // 10 % of 39990, then 5 % of what is left (35991), no destination so no shipping to waive.
    expect(cart.coupons).toEqual([
      { code: "HOSGELDIN10", discount: 3999 },
      { code: "KARGOBEDAVA", discount: 0 },
      { code: extra1, discount: 1800 },
    ]);
    expect(cart.totals.discount).toBe(3999 + 1800);
  });

  it("COUPON_PER_CUSTOMER_LIMIT for a customer who already redeemed the code", async () => {
    const code = await makeCoupon({ value: 10, perCustomerLimit: 1 });
    const [coupon] = await q<{ id: number }>(sql`select id from coupons where code = ${code}`);
    const userId = await makeUser();
    await db.execute(sql`insert into coupon_redemptions (coupon_id, order_id, user_id, email, discount)
      values (${coupon?.id}, 'o_pricing_test', ${userId}, 'someone@example.com', 1000)`);
    const cartId = await cartWith([[TSHIRT, 1]], userId);
    const [owner] = await q<{ user_id: string }>(sql`select user_id from carts where id = ${cartId}`);
    expect(owner?.user_id).toBe(userId);
    await expectRejected(cartId, code, "COUPON_PER_CUSTOMER_LIMIT", { userId, details: { limit: 1 } });

    // Not combinable comes before the per-customer limit.
    await apply(cartId, "HOSGELDIN10", userId);
    await expectRejected(cartId, code, "COUPON_NOT_APPLICABLE", { userId });

    // Another customer, who never used it, may.
    const otherUser = await makeUser();
    const otherCart = await cartWith([[TSHIRT, 1]], otherUser);
    await apply(otherCart, code, otherUser);
    expect(await codesOn(otherCart)).toEqual([code]);
  });

  it("an empty cart or a cart that does not exist gets no code", async () => {
    const missing = newCartId();
    await expectRejected(missing, "HOSGELDIN10", "COUPON_NOT_APPLICABLE");
    const cartId = await cartWith([[TSHIRT, 1]]);
    const itemId = (await getCart(db, cartId, "tr")).items[0]?.id ?? "";
    await setItemQty(db, { cartId }, itemId, 0);
    await expectRejected(cartId, "HOSGELDIN10", "COUPON_NOT_APPLICABLE");
  });
});

describe("code normalization and idempotence", () => {
  it("accepts codes typed in any case and with spaces (normalizeCode end to end)", async () => {
    expect(normalizeCode(" hosgeldin10 ")).toBe("HOSGELDIN10");
    // English upper-casing: a Turkish locale would turn "i" into "İ" and miss the code.
    expect(normalizeCode("kitap 20")).toBe("KITAP20");
    const cartId = await cartWith([
      [TSHIRT, 1],
      [BOOK, 1],
    ]);
    await apply(cartId, normalizeCode(" hosgeldin10 "));
    await apply(cartId, normalizeCode("  Kargo Bedava\t"));
    expect(await codesOn(cartId)).toEqual(["HOSGELDIN10", "KARGOBEDAVA"]);
    const cart = await getCart(db, cartId, "tr");
    expect(cart.coupon).toEqual({ code: "HOSGELDIN10", discount: Math.round((34990 + 39990) / 10) });
  });

  it("applying a code the cart already holds changes nothing", async () => {
    const cartId = await cartWith([[TSHIRT, 1]]);
    await apply(cartId, "HOSGELDIN10");
    const before = await allCartCoupons();
    const cartBefore = await getCart(db, cartId, "tr");
    await apply(cartId, "HOSGELDIN10", null, new Date(Date.now() + 60_000));
    await apply(cartId, normalizeCode("hosgeldin10"));
    expect(await allCartCoupons()).toEqual(before);
    expect(await codesOn(cartId)).toEqual(["HOSGELDIN10"]);
    const cartAfter = await getCart(db, cartId, "tr");
    expect(cartAfter.coupons).toEqual(cartBefore.coupons);
    expect(cartAfter.totals).toEqual(cartBefore.totals);

    // A non-stackable code re-applied is not "combined with itself" either.
    const big = await cartWith([[TSHIRT, 2]]);
    await apply(big, "100TL");
    await apply(big, "100TL");
    expect(await codesOn(big)).toEqual(["100TL"]);
  });

  it("removeCoupon removes one code or all of them", async () => {
    const cartId = await cartWith([[TSHIRT, 1]]);
    await apply(cartId, "HOSGELDIN10", null, new Date(Date.now() - 1000));
    await apply(cartId, "KARGOBEDAVA");
    await removeCoupon(db, cartId, "KARGOBEDAVA");
    expect(await codesOn(cartId)).toEqual(["HOSGELDIN10"]);
    await apply(cartId, "KARGOBEDAVA");
    await removeCoupon(db, cartId, null);
    expect(await codesOn(cartId)).toEqual([]);
    const cart = await getCart(db, cartId, "tr");
    expect(cart.coupon).toBeNull();
    expect(cart.totals.discount).toBe(0);
  });
});
