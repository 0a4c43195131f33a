import type { NextRequest } from "next/server";
import { requireAdminApi } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { json, parseJson, route } from "@/lib/http";
import { dataSubjectSchema } from "@/lib/privacy/schemas";
import { eraseSubject } from "@/lib/privacy/service";

/**
 * `POST /api/admin/privacy/erasure {email}` (administrators) → 200 `{request}`: the account of that email
 * and every order placed with it (guest orders too) erased as on /account. 403 for a staff account, 409
 * ORDER_IN_PROGRESS.
 */
export const POST = route(async (request: NextRequest, { locale }) => {
  const staff = await requireAdminApi(request, "admin");
  const { email } = await parseJson(dataSubjectSchema, request, locale);
  const done = await eraseSubject(getDb(), { email }, { channel: "staff", name: staff.name });
  return json({ request: done });
});
