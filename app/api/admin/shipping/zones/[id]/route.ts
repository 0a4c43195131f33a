import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { json, parseJson, pathParam, route } from "@/lib/http";
import { MAX_ZONE_BYTES, pricingIdSchema, zonePatchSchema, zoneSchema } from "@/lib/pricing/edit-schemas";
import { deleteZone, getZone, saveZoneWithMethods } from "@/lib/shipping/staff";
import { validate } from "@/lib/validation";

async function zoneOf(id: number) {
  const zone = await getZone(getDb(), id);
  if (!zone) throw new AppError("NOT_FOUND", { zone: id });
  return zone;
}

export const GET = route<{ id: string }>(async (request, { params }) => {
  await requireAdminApi(request);
  return json(await zoneOf(pathParam(pricingIdSchema, params.id)));
});

/**
 * The zone's fields given change (the whole zone is then checked as the page checks it); each method
 * given replaces the zone's method of that code with its rate table, or is added. Methods are switched
 * off with `active: false`, as on the page; they are not deleted one by one.
 */
export const PATCH = route<{ id: string }>(async (request, { params, locale }) => {
  await requireAdminApi(request);
  const id = pathParam(pricingIdSchema, params.id);
  const { methods, ...patch } = await parseJson(zonePatchSchema, request, locale, MAX_ZONE_BYTES);
  const { code, nameTr, nameEn, countries, postalPrefixes, chargesTax, position } = await zoneOf(id);
  const zone = validate(
    zoneSchema,
    { code, nameTr, nameEn, countries, postalPrefixes, chargesTax, position, ...patch },
    locale,
  );
  return json(await saveZoneWithMethods(getDb(), id, zone, methods ?? []));
});

/** Deletes the zone with its methods and rates, as the page does; orders keep their own copy. */
export const DELETE = route<{ id: string }>(async (request, { params }) => {
  await requireAdminApi(request);
  await deleteZone(getDb(), pathParam(pricingIdSchema, params.id));
  return new Response(null, { status: 204 });
});
