import { createAdminToken, listAdminTokens, tokenCreateSchema } from "@/lib/admin/tokens";
import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { json, parseJson, route } from "@/lib/http";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Administrators only, with a session (an API token cannot list or make tokens). */
export const GET = route(async (request) => {
  await requireAdminApi(request, "admin");
  return json({ items: await listAdminTokens(getDb()) });
});

/** The token's text is in this answer only; it is stored as a SHA-256 hash. */
export const POST = route(async (request, { locale }) => {
  const actor = await requireAdminApi(request, "admin");
  const input = await parseJson(tokenCreateSchema, request, locale);
  const now = new Date();
  const { token, info } = await createAdminToken(
    getDb(),
    {
      name: input.name,
      createdBy: actor.name,
      expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * DAY_MS) : null,
    },
    now,
  );
  return json({ token, ...info }, { status: 201, headers: { "Cache-Control": "no-store" } });
});
