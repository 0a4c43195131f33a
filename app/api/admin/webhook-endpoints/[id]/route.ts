import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { json, parseJson, route } from "@/lib/http";
import { endpointPatchSchema } from "@/lib/webhooks/schemas";
import { deleteEndpoint, endpointIdOf, updateEndpoint } from "@/lib/webhooks/service";

/** `{url?, events?, description?, enabled?}`. 404, 422 URL_NOT_ALLOWED. */
export const PATCH = route<{ id: string }>(async (request, { params, locale }) => {
  await requireAdminApi(request);
  const id = endpointIdOf(params.id);
  const input = await parseJson(endpointPatchSchema, request, locale);
  return json(await updateEndpoint(getDb(), id, input));
});

export const DELETE = route<{ id: string }>(async (request, { params }) => {
  await requireAdminApi(request);
  await deleteEndpoint(getDb(), endpointIdOf(params.id));
  return new Response(null, { status: 204 });
});
