import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { json, parseJson, route } from "@/lib/http";
import { feeSchema } from "@/lib/pricing/edit-schemas";
import { listFees, saveFee } from "@/lib/pricing/fee-rules";

/** The fee rules the store has (one per kind at most). */
export const GET = route(async (request) => {
  await requireAdminApi(request);
  const fees = await listFees(getDb());
  return json({ items: fees.flatMap(({ rule }) => (rule ? [rule] : [])) });
});

export const POST = route(async (request, { locale }) => {
  await requireAdminApi(request);
  const fee = await parseJson(feeSchema, request, locale);
  return json(await saveFee(getDb(), fee, "create"), { status: 201 });
});
