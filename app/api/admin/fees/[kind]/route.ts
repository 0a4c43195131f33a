import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { json, parseJson, pathParam, route } from "@/lib/http";
import { feeKindSchema, feePatchSchema, feeSchema } from "@/lib/pricing/edit-schemas";
import { deleteFee, getFee, saveFee } from "@/lib/pricing/fee-rules";
import { validate } from "@/lib/validation";

type Params = { kind: string };

export const GET = route<Params>(async (request, { params }) => {
  await requireAdminApi(request);
  return json(await getFee(getDb(), pathParam(feeKindSchema, params.kind)));
});

/** The fields given change; the whole rule is then checked as the page checks it (freeAbove over minOrder). */
export const PATCH = route<Params>(async (request, { params, locale }) => {
  await requireAdminApi(request);
  const kind = pathParam(feeKindSchema, params.kind);
  const patch = await parseJson(feePatchSchema, request, locale);
  const fee = validate(feeSchema, { ...(await getFee(getDb(), kind)), ...patch }, locale);
  return json(await saveFee(getDb(), fee));
});

export const DELETE = route<Params>(async (request, { params }) => {
  await requireAdminApi(request);
  await deleteFee(getDb(), pathParam(feeKindSchema, params.kind));
  return new Response(null, { status: 204 });
});
