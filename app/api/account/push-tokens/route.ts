import { requireApiUser } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { json, parseJson, route } from "@/lib/http";
import { pushTokenSchema, registerPushToken } from "@/lib/notifications/push/tokens";

/**
 * `POST /api/account/push-tokens {token: "ExponentPushToken[…]", platform: "ios"|"android"}` (signed in)
 * → 201 `{token, platform}`: the mobile app's device now gets the account's order pushes (when the
 * account opted in). Registering it again is fine; from another account it moves there.
 */
export const POST = route(async (request, { locale }) => {
  const user = await requireApiUser();
  const input = await parseJson(pushTokenSchema, request, locale);
  await registerPushToken(getDb(), user.id, input);
  return json(input, { status: 201 });
});
