import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { cartCouponRecords, findCoupon } from "@/lib/cart/pricing";
import { readCart } from "@/lib/cart/service";
import { priceableLines } from "@/lib/cart/view";
import { AppError } from "@/lib/errors";
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
    const [cart] = (await tx.execute(
      sql`select id from carts where id = ${input.cartId} for update`,
    )) as unknown as { id: string }[];
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

/** Removes one code, or every code when `code` is null. */
export async function removeCoupon(db: Database, cartId: string, code: string | null): Promise<void> {
  await db.execute(sql`
    delete from cart_coupons cc using coupons k
    where cc.cart_id = ${cartId} and k.id = cc.coupon_id and (${code}::text is null or k.code = ${code})`);
}
