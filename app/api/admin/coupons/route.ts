import { requireAdminApi } from "@/lib/auth/api-guard";
import { couponCreateSchema, couponListQuerySchema } from "@/lib/coupons/schemas";
import { createCoupon, listCoupons } from "@/lib/coupons/staff";
import { getDb } from "@/lib/db";
import { json, parseJson, parseQuery, route } from "@/lib/http";

export const GET = route(async (request, { locale }) => {
  await requireAdminApi(request);
  return json(await listCoupons(getDb(), parseQuery(couponListQuerySchema, request, locale)));
});

export const POST = route(async (request, { locale }) => {
  const actor = await requireAdminApi(request);
  const input = await parseJson(couponCreateSchema, request, locale, 64 * 1024);
  return json(await createCoupon(getDb(), input, { actor: actor.name, locale }), { status: 201 });
});
