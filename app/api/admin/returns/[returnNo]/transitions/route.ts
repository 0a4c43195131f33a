import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { json, parseJson, route } from "@/lib/http";
import { returnTransitionSchema } from "@/lib/returns/schemas";
import { transitionReturn } from "@/lib/returns/service";

export const POST = route<{ returnNo: string }>(async (request, { params, locale }) => {
  const actor = await requireAdminApi(request);
  const input = await parseJson(returnTransitionSchema, request, locale);
  return json(
    await transitionReturn(getDb(), params.returnNo.slice(0, 40), input, { actor: actor.name, locale }),
  );
});
