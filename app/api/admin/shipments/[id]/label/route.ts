import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http";
import { shipmentIdSchema } from "@/lib/shipments/schemas";
import { shipmentLabel } from "@/lib/shipments/service";

/** The carrier's label of a parcel (PDF, or ZPL where the carrier prints on thermal printers). */
export const GET = route<{ id: string }>(async (request, { params }) => {
  await requireAdminApi(request);
  const id = shipmentIdSchema.safeParse(params.id);
  if (!id.success) throw new AppError("NOT_FOUND", { shipment: params.id });
  const label = await shipmentLabel(getDb(), id.data);
  return new Response(new Uint8Array(label.data), {
    status: 200,
    headers: {
      "content-type": label.contentType,
      "content-disposition": `attachment; filename="${label.fileName}"`,
      "cache-control": "private, no-store",
    },
  });
});
