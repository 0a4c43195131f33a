import { type NextRequest, NextResponse } from "next/server";
import { getToken } from "next-auth/jwt";
import { secureCookies } from "@/lib/auth/cookies";
import { env } from "@/lib/env";

/**
 * Route protection in front of the pages (Next 16's middleware): an anonymous visitor of /account… or
 * /admin… goes to /login?next=<the path>. Only the session cookie is checked here (a valid, unexpired
 * JWT, no database); the pages' guards (lib/auth/guards.ts) check the user and the role on the server.
 */
export async function proxy(request: NextRequest) {
  const token = await getToken({
    req: request,
    secret: env().AUTH_SECRET,
    secureCookie: secureCookies(),
  }).catch(() => null);
  if (token?.sub) return NextResponse.next();
  const login = new URL("/login", request.nextUrl);
  login.searchParams.set("next", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ["/account", "/account/:path*", "/admin", "/admin/:path*"],
};
