import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { json, readBody, route } from "@/lib/http";
import { carrierParamSchema } from "@/lib/shipments/schemas";
import { receivePush } from "@/lib/shipments/service";

/**
 * A carrier's tracking push, verified by its adapter before anything is read: 404 for a carrier the store
 * does not know or has not configured, 400 PUSH_NOT_SUPPORTED for one that documents no push, 401 when the
 * verification fails. Each event is applied once however often it is pushed.
 */
export const POST = route<{ carrier: string }>(async (request, { params }) => {
  const carrier = carrierParamSchema.safeParse(params.carrier);
  if (!carrier.success) throw new AppError("NOT_FOUND", { carrier: params.carrier.slice(0, 40) });
  const body = await readBody(request, 64 * 1024);
  const headers = Object.fromEntries(
    [...request.headers].map(([name, value]) => [name.toLowerCase(), value]),
  );
  const added = await receivePush(getDb(), carrier.data, { headers, body });
  return json({ received: added });
});
