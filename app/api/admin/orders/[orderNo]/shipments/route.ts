import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { json, parseJson, route } from "@/lib/http";
import { shipmentRequestSchema } from "@/lib/shipments/schemas";
import { requestShipment } from "@/lib/shipments/service";

/** A parcel of the order, created at the carrier by a job: 202 with the shipment still `pending`. */
export const POST = route<{ orderNo: string }>(async (request, { params, locale }) => {
  await requireAdminApi(request);
  const input = await parseJson(shipmentRequestSchema, request, locale);
  const shipment = await requestShipment(getDb(), params.orderNo.slice(0, 40), input);
  return json({ shipment }, { status: 202 });
});
