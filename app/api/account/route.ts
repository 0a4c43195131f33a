import { signOut } from "@/lib/auth/config";
import { requireApiUser } from "@/lib/auth/guards";
import { clientIp } from "@/lib/auth/ip";
import { getDb } from "@/lib/db";
import { parseJson, route } from "@/lib/http";
import { eraseAccountSchema } from "@/lib/privacy/schemas";
import { eraseOwnAccount } from "@/lib/privacy/service";

/**
 * `DELETE /api/account {password}` → 204: the account's personal data erased (orders kept as the law
 * requires, stripped; see docs/API.md) and the session cookie cleared. 401, 403 PASSWORD_INVALID, 400,
 * 409 ORDER_IN_PROGRESS, 429.
 */
export const DELETE = route(async (request, { locale }) => {
  const user = await requireApiUser();
  const input = await parseJson(eraseAccountSchema, request, locale);
  await eraseOwnAccount(getDb(), {
    userId: user.id,
    password: input.password,
    ip: clientIp(request.headers),
  });
  await signOut({ redirect: false });
  return new Response(null, { status: 204 });
});
