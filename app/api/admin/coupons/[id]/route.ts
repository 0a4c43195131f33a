import { requireAdminApi } from "@/lib/auth/api-guard";
import { couponIdSchema, couponPatchSchema } from "@/lib/coupons/schemas";
import { getCoupon, setCouponActive } from "@/lib/coupons/staff";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { json, parseJson, route } from "@/lib/http";

function couponId(raw: string): number {
  const parsed = couponIdSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("NOT_FOUND", { coupon: raw });
  return parsed.data;
}

export const GET = route<{ id: string }>(async (request, { params }) => {
  await requireAdminApi(request);
  const coupon = await getCoupon(getDb(), couponId(params.id));
  if (!coupon) throw new AppError("NOT_FOUND", { coupon: params.id });
  return json(coupon);
});

/** `{active}`: switch a code on or off. */
export const PATCH = route<{ id: string }>(async (request, { params, locale }) => {
  await requireAdminApi(request);
  const id = couponId(params.id);
  const { active } = await parseJson(couponPatchSchema, request, locale);
  return json(await setCouponActive(getDb(), id, active));
});
