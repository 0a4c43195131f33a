import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { json, parseJson, route } from "@/lib/http";
import { taxClassCreateSchema } from "@/lib/pricing/edit-schemas";
import { createTaxRate, listTaxClasses } from "@/lib/pricing/taxes";

/** The classes that have a KDV rate, in the store's order of classes. */
export const GET = route(async (request) => {
  await requireAdminApi(request);
  return json({ items: await listTaxClasses(getDb()) });
});

export const POST = route(async (request, { locale }) => {
  await requireAdminApi(request);
  const { taxClass, rateBp } = await parseJson(taxClassCreateSchema, request, locale);
  return json(await createTaxRate(getDb(), taxClass, rateBp), { status: 201 });
});
