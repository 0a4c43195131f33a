import { clientIp } from "@/lib/auth/ip";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { json, parseQuery, route } from "@/lib/http";
import { trackQuerySchema } from "@/lib/orders/schemas";
import { trackOrder } from "@/lib/orders/tracking";
import { hit } from "@/lib/rate-limit";

/** Order number + the order's email; a wrong email and an unknown number get the same 404. */
export const GET = route<{ orderNo: string }>(async (request, { params, locale }) => {
  await hit(getDb(), "track", clientIp(request.headers), { limit: 20, windowSeconds: 15 * 60 });
  const { email } = parseQuery(trackQuerySchema, request, locale);
  const tracking = await trackOrder(getDb(), params.orderNo.slice(0, 40), email, locale);
  if (!tracking) throw new AppError("ORDER_NOT_FOUND");
  return json(tracking);
});
