import { registerSchema } from "@/lib/accounts/schemas";
import { registerUser } from "@/lib/accounts/users";
import { signIn } from "@/lib/auth/config";
import { clientIp } from "@/lib/auth/ip";
import { issueSignInTicket } from "@/lib/auth/ticket";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { json, parseJson, route } from "@/lib/http";

/**
 * `POST /api/account/register {email, password, name}` → 201 with the new customer, signed in (the
 * session cookie is set, and a guest cart of the request joins the new account).
 */
export const POST = route(async (request, { locale }) => {
  const input = await parseJson(registerSchema, request, locale);
  const user = await registerUser(getDb(), input, { ip: clientIp(request.headers) });
  await signIn("credentials", { ticket: issueSignInTicket(user.id, env().AUTH_SECRET), redirect: false });
  return json({ id: user.id, email: user.email, name: user.name, role: user.role }, { status: 201 });
});
