import { staffSchema } from "@/lib/accounts/schemas";
import { listStaff, saveStaffMember } from "@/lib/admin/staff";
import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { json, parseJson, route } from "@/lib/http";

/** Everyone who can open /admin. Administrators with a session only (not API tokens). */
export const GET = route(async (request) => {
  await requireAdminApi(request, "admin");
  return json({ items: await listStaff(getDb()) });
});

/** Creates (201) or updates (200) a staff account by email; the password is stored as an argon2id hash. */
export const POST = route(async (request, { locale }) => {
  const actor = await requireAdminApi(request, "admin");
  const input = await parseJson(staffSchema, request, locale);
  const { user, created } = await saveStaffMember(getDb(), input, actor.id);
  return json({ ...user, createdAt: user.createdAt.toISOString() }, { status: created ? 201 : 200 });
});
