import { clientIp } from "@/lib/auth/ip";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { json, parseJson, route } from "@/lib/http";
import { canViewOrder } from "@/lib/orders/access";
import { findOrder } from "@/lib/orders/service";
import { hit } from "@/lib/rate-limit";
import { returnRequestSchema } from "@/lib/returns/schemas";
import { requestReturn } from "@/lib/returns/service";

/**
 * A return of delivered units, by whoever may see the order's page (its signed-in owner, staff, the browser
 * that placed it) or a guest giving the order's email as tracking does. Anyone else: the same 404 as an
 * unknown order, so the answer does not reveal which orders exist.
 */
export const POST = route<{ orderNo: string }>(async (request, { params, locale }) => {
  const input = await parseJson(returnRequestSchema, request, locale);
  // An email that opens the order is a guess worth limiting, as tracking's lookups are (the same bucket).
  if (input.email)
    await hit(getDb(), "track", clientIp(request.headers), { limit: 20, windowSeconds: 15 * 60 });
  const order = await findOrder(getDb(), params.orderNo.trim().toUpperCase().slice(0, 40));
  const allowed = order && (input.email === order.email || (await canViewOrder(order)));
  if (!order || !allowed) throw new AppError("ORDER_NOT_FOUND");
  const made = await requestReturn(getDb(), order.orderNo, input, { actor: "customer" });
  const { returnNo, status, returnCode, lines } = made;
  return json(
    { return: { returnNo, status, returnCode, lines, instructions: made.instructions } },
    { status: 201 },
  );
});
