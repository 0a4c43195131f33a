import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http";
import { getReturn } from "@/lib/returns/service";

export const GET = route<{ returnNo: string }>(async (request, { params }) => {
  await requireAdminApi(request);
  const found = await getReturn(getDb(), params.returnNo.slice(0, 40));
  if (!found) throw new AppError("NOT_FOUND", { returnNo: params.returnNo.slice(0, 40) });
  return json(found);
});
