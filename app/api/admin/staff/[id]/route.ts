import { revokeStaffAccess } from "@/lib/admin/staff";
import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { json, route } from "@/lib/http";

/** Takes staff access away (the account stays a customer's); not one's own, not the last administrator's. */
export const DELETE = route<{ id: string }>(async (request, { params }) => {
  const actor = await requireAdminApi(request, "admin");
  const id = params.id.slice(0, 100);
  await revokeStaffAccess(getDb(), id, actor.id);
  return json({ id, role: "customer" });
});
