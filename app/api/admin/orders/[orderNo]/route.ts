import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http";
import { getAdminOrder } from "@/lib/orders/staff";

export const GET = route<{ orderNo: string }>(async (request, { params }) => {
  await requireAdminApi(request);
  const order = await getAdminOrder(getDb(), params.orderNo.slice(0, 40));
  if (!order) throw new AppError("ORDER_NOT_FOUND", { orderNo: params.orderNo.slice(0, 40) });
  return json(order);
});
