import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { json, parseJson, route } from "@/lib/http";
import { endpointCreateSchema } from "@/lib/webhooks/schemas";
import { createEndpoint, listEndpoints } from "@/lib/webhooks/service";

export const GET = route(async (request) => {
  await requireAdminApi(request);
  return json({ items: await listEndpoints(getDb()) });
});

/** The signing secret is in this answer only. 422 URL_NOT_ALLOWED. */
export const POST = route(async (request, { locale }) => {
  await requireAdminApi(request);
  const input = await parseJson(endpointCreateSchema, request, locale);
  return json(await createEndpoint(getDb(), input), {
    status: 201,
    headers: { "Cache-Control": "no-store" },
  });
});
