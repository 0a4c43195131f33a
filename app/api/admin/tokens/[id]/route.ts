import { revokeAdminToken } from "@/lib/admin/tokens";
import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http";

/** Revokes a token at once (administrators only). Unknown or already revoked → 404. */
export const DELETE = route<{ id: string }>(async (request, { params }) => {
  await requireAdminApi(request, "admin");
  const id = params.id.slice(0, 100);
  if (!/^tok_[0-9a-f]{32}$/.test(id) || !(await revokeAdminToken(getDb(), id))) {
    throw new AppError("NOT_FOUND", { token: id });
  }
  return json({ id, revoked: true });
});
