import { clientIp } from "@/lib/auth/ip";
import { getCart } from "@/lib/cart/service";
import { ensureCartId, readCartId } from "@/lib/cart/session";
import { normalizeCode } from "@/lib/coupons/rules";
import { couponCodeSchema } from "@/lib/coupons/schemas";
import { applyCouponLimited, removeCoupon } from "@/lib/coupons/service";
import { getDb } from "@/lib/db";
import { json, parseJson, route } from "@/lib/http";

export const POST = route(async (request, { locale }) => {
  const { code } = await parseJson(couponCodeSchema, request, locale);
  const cartId = await ensureCartId();
  await applyCouponLimited(getDb(), { cartId, code, userId: null, ip: clientIp(request.headers) });
  return json(await getCart(getDb(), cartId, locale));
});

/** Removes every code, or only `?code=`. */
export const DELETE = route(async (request, { locale }) => {
  const cartId = await readCartId();
  const code = request.nextUrl.searchParams.get("code");
  if (cartId) await removeCoupon(getDb(), cartId, code ? normalizeCode(code.slice(0, 64)) : null);
  return json(await getCart(getDb(), cartId, locale));
});
