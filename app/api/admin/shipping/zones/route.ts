import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { json, parseJson, route } from "@/lib/http";
import { MAX_ZONE_BYTES, zoneCreateSchema } from "@/lib/pricing/edit-schemas";
import { listZones, saveZoneWithMethods } from "@/lib/shipping/staff";

export const GET = route(async (request) => {
  await requireAdminApi(request);
  return json({ items: await listZones(getDb()) });
});

/** A zone with its methods (and their rate tables), all created together or not at all. */
export const POST = route(async (request, { locale }) => {
  await requireAdminApi(request);
  const { methods, ...zone } = await parseJson(zoneCreateSchema, request, locale, MAX_ZONE_BYTES);
  return json(await saveZoneWithMethods(getDb(), null, zone, methods), { status: 201 });
});
