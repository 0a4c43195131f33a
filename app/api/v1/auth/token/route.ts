import { parseGrant, tokenRequestSchema } from "@/lib/app-tokens/schemas";
import { passwordGrant, refreshGrant } from "@/lib/app-tokens/service";
import { clientIp } from "@/lib/auth/ip";
import { getDb } from "@/lib/db";
import { json, noStore, parseJson, route } from "@/lib/http";

/**
 * `POST /api/v1/auth/token` → 200 `{access_token, token_type, expires_in, refresh_token}` for
 * `{grant_type:"password", email, password}` or `{grant_type:"refresh_token", refresh_token}`.
 * 400 VALIDATION_FAILED / UNSUPPORTED_GRANT_TYPE, 401 INVALID_CREDENTIALS / INVALID_TOKEN, 403 (staff), 429.
 */
export const POST = noStore(
  route(async (request, { locale }) => {
    const grant = parseGrant(await parseJson(tokenRequestSchema, request, locale), locale);
    const pair =
      grant.type === "password"
        ? await passwordGrant(getDb(), { ...grant, ip: clientIp(request.headers) })
        : await refreshGrant(getDb(), grant.refreshToken);
    return json(pair);
  }),
);
