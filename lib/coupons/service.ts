import { sql } from "drizzle-orm";
import { type Database, rows } from "@/db/client";
import { cartCouponRecords, findCoupon } from "@/lib/cart/pricing";
import { readCart } from "@/lib/cart/service";
import { priceableLines } from "@/lib/cart/view";
import { AppError, isAppError } from "@/lib/errors";
import { forget, hit, type Limit } from "@/lib/rate-limit";
import { couponProblem } from "./rules";

/**
 * Applies a code to the cart after every check of the contract (validity window, usage, minimum on the
 * eligible subtotal, eligible lines, combination with the codes already there, per-customer use).
 * Applying a code the cart already holds changes nothing. `code` is already normalized.
 */
export async function applyCoupon(
  db: Database,
  input: { cartId: string; code: string; userId: string | null },
  now = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    const [cart] = await rows<{ id: string }>(
      tx,
      sql`select id from carts where id = ${input.cartId} for update`,
    );
    if (!cart) throw new AppError("COUPON_NOT_APPLICABLE", { reason: "empty_cart" });
    const coupon = await findCoupon(tx, input.code, { userId: input.userId, email: null });
    const applied = await cartCouponRecords(tx, input.cartId, { userId: input.userId, email: null });
    if (coupon && applied.some((c) => c.id === coupon.id)) return;
    const problem = couponProblem(coupon, {
      now,
      lines: priceableLines((await readCart(tx, input.cartId)).lines),
      customerRedemptions: coupon?.customerRedemptions ?? null,
      others: applied,
    });
    if (problem) throw new AppError(problem.code, { code: input.code, ...problem.details });
    await tx.execute(sql`
      with added as (
        insert into cart_coupons (cart_id, coupon_id, applied_at) values (${input.cartId}, ${coupon?.id}, ${now.toISOString()})
      )
      update carts set coupon_notices = '[]', last_activity_at = ${now.toISOString()} where id = ${input.cartId}`);
  });
}

/** Failed code attempts (COUPON_INVALID: unknown, switched off, not started): 10 within 15 minutes. */
export const COUPON_GUESS_LIMIT: Limit = { limit: 10, windowSeconds: 15 * 60 };

export const COUPON_BUCKETS = { cart: "coupon:cart", ip: "coupon:ip" } as const;

/**
 * applyCoupon for shoppers (the API and the cart page), against guessing codes: failed attempts count per
 * cart and per client IP, and over COUPON_GUESS_LIMIT every attempt is refused with RATE_LIMITED
 * (`retryAfterSeconds`), a valid code too, until the oldest failure leaves the window. The attempt is
 * counted before the code is looked at (atomically, so concurrent guesses cannot get past the limit) and
 * taken back unless the code turned out invalid: successes and other refusals add nothing.
 */
export async function applyCouponLimited(
  db: Database,
  input: { cartId: string; code: string; userId: string | null; ip: string },
  now = new Date(),
): Promise<void> {
  const recorded: number[] = [];
  try {
    recorded.push(await hit(db, COUPON_BUCKETS.cart, input.cartId, COUPON_GUESS_LIMIT, now));
    recorded.push(await hit(db, COUPON_BUCKETS.ip, input.ip, COUPON_GUESS_LIMIT, now));
    await applyCoupon(db, input, now);
  } catch (error) {
    if (!(isAppError(error) && error.code === "COUPON_INVALID")) await forget(db, recorded);
    throw error;
  }
  await forget(db, recorded);
}

/** Removes one code, or every code when `code` is null. */
export async function removeCoupon(db: Database, cartId: string, code: string | null): Promise<void> {
  await db.execute(sql`
    delete from cart_coupons cc using coupons k
    where cc.cart_id = ${cartId} and k.id = cc.coupon_id and (${code}::text is null or k.code = ${code})`);
}
