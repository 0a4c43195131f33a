import { revokeRequestSchema } from "@/lib/app-tokens/schemas";
import { revokeToken } from "@/lib/app-tokens/service";
import { getDb } from "@/lib/db";
import { json, noStore, parseJson, route } from "@/lib/http";

/** `POST /api/v1/auth/revoke {token}` → 200 whatever the token was (RFC 7009); 400 without a token. */
export const POST = noStore(
  route(async (request, { locale }) => {
    const { token } = await parseJson(revokeRequestSchema, request, locale);
    await revokeToken(getDb(), token);
    return json({});
  }),
);
