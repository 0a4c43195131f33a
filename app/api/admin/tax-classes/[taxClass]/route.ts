import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { json, parseJson, pathParam, route } from "@/lib/http";
import { taxClassPatchSchema, taxClassSchema } from "@/lib/pricing/edit-schemas";
import { deleteTaxRate, getTaxClass, setTaxRate } from "@/lib/pricing/taxes";

type Params = { taxClass: string };

export const GET = route<Params>(async (request, { params }) => {
  await requireAdminApi(request);
  return json(await getTaxClass(getDb(), pathParam(taxClassSchema, params.taxClass)));
});

export const PATCH = route<Params>(async (request, { params, locale }) => {
  await requireAdminApi(request);
  const taxClass = pathParam(taxClassSchema, params.taxClass);
  const { rateBp } = await parseJson(taxClassPatchSchema, request, locale);
  return json(await setTaxRate(getDb(), taxClass, rateBp));
});

export const DELETE = route<Params>(async (request, { params }) => {
  await requireAdminApi(request);
  await deleteTaxRate(getDb(), pathParam(taxClassSchema, params.taxClass));
  return new Response(null, { status: 204 });
});
