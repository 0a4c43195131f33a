import { type NextRequest, NextResponse } from "next/server";
import { getToken } from "next-auth/jwt";
import { secureCookies } from "@/lib/auth/cookies";
import { env } from "@/lib/env";
import { errorBody, errorMessage, isMultipart, requestLocale } from "@/lib/http";
import { CONFIGURED } from "@/lib/payments/credentials";
import { CARD_PAGES, paymentPolicyHeaders } from "@/lib/security-headers";

/** Sent to a path no page has: Next.js then renders the store's not-found page with a 404. */
const NOT_FOUND_PATH = "/_not-found-malformed-path";

function malformedEscape(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

/**
 * In front of the pages and routes (Next 16's middleware):
 * - A path with a malformed percent-escape (`/api/products/%ZZ`) would make Next.js itself answer a bare
 *   500 while decoding a dynamic segment: /api/* gets 400 VALIDATION_FAILED in the API shape, pages the
 *   not-found page. Only paths holding a `%` come here for that (see the matcher).
 * - Route protection: an anonymous visitor of /account… or /admin… goes to /login?next=<the path>. Only
 *   the session cookie is checked here (a valid, unexpired JWT, no database); the pages' guards
 *   (lib/auth/guards.ts) check the user and the role on the server.
 * - The home and product pages are rendered once per language and served from the cache (app/[locale]):
 *   the visible URL has no language in it, so the visitor's (cookie, then Accept-Language) picks the copy
 *   here, and `?sku=` becomes a path segment so that each variant's page is cached too.
 * - `/api/v1/<path>` is the shopper route `/api/<path>` (a rewrite: the same handler, the same answer),
 *   the versioned prefix apps call. Only shopper routes: staff, cron and provider routes, next-auth and any
 *   other path under /api/v1 reach the API's catch-all 404 (apart from the real /api/v1/auth/* routes).
 * - The card pages (checkout, an order's page) get their Content-Security-Policy here, from the providers
 *   configured when the request comes (Stripe.js, PayTR's framed payment page).
 * - A page never sees an `Authorization` header: bearer tokens are the API's (apps), and a browser behind
 *   an authenticating proxy may send one that is not ours; the page then serves the cookie's visitor.
 */
export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (malformedEscape(pathname)) {
    if (!pathname.startsWith("/api/")) return NextResponse.rewrite(new URL(NOT_FOUND_PATH, request.url));
    return invalid(request, "path");
  }
  if (request.method === "POST" && isMultipart(request) && !(await readableForm(request))) {
    return invalid(request, "body");
  }
  if (pathname.startsWith("/api/"))
    return pathname.startsWith("/api/v1/") ? versioned(request) : NextResponse.next();
  const page = withoutAuthorization(request);
  if (pathname === "/" || /^\/products\/[^/]+$/.test(pathname)) return localized(request, page);
  if (CARD_PAGES.test(pathname)) return withPaymentPolicy(NextResponse.next(page));
  if (!/^\/(account|admin)(\/|$)/.test(pathname)) return NextResponse.next(page);
  const token = await getToken({
    req: request,
    secret: env().AUTH_SECRET,
    secureCookie: secureCookies(),
  }).catch(() => null);
  if (token?.sub) return NextResponse.next(page);
  const login = new URL("/login", request.nextUrl);
  login.searchParams.set("next", `${pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(login);
}

/** The request as a page gets it: without `Authorization` (see above); untouched when it has none. */
function withoutAuthorization(request: NextRequest): { request: { headers: Headers } } | undefined {
  if (!request.headers.has("authorization")) return undefined;
  const headers = new Headers(request.headers);
  headers.delete("authorization");
  return { request: { headers } };
}

function withPaymentPolicy(response: NextResponse): NextResponse {
  const card = {
    stripe: CONFIGURED.stripe(),
    frames: CONFIGURED.paytr() ? [new URL(env().PAYTR_BASE_URL).origin] : [],
  };
  for (const { key, value } of paymentPolicyHeaders({ card, dev: env().NODE_ENV !== "production" })) {
    response.headers.set(key, value);
  }
  return response;
}

function invalid(request: NextRequest, field: "path" | "body"): NextResponse {
  const locale = requestLocale(request);
  return NextResponse.json(
    errorBody("VALIDATION_FAILED", locale, {
      fields: { [field]: errorMessage("VALIDATION_FAILED", locale) },
    }),
    { status: 400 },
  );
}

/**
 * A multipart POST to a page is read by Next.js as a server action form (no-JavaScript forms, uploads);
 * a body that is not valid multipart makes it answer a bare 500 before any project code runs. Reading a
 * copy here turns that into a 400; the page still gets the original body.
 */
async function readableForm(request: NextRequest): Promise<boolean> {
  try {
    await request.clone().formData();
    return true;
  } catch {
    return false;
  }
}

/** The shopper routes served under /api/v1 (docs/API.md lists them): a path's first segments. */
const SHOPPER_ROUTES =
  /^\/api\/v1\/((?:account|cart|checkout|compare|legal|locations|orders|products|reviews|search|shipping|visitor|wishlist)(?:\/.*)?|payments\/(?:confirm|installments))$/;

function versioned(request: NextRequest): NextResponse {
  const shopper = SHOPPER_ROUTES.exec(request.nextUrl.pathname);
  if (!shopper) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = `/api/${shopper[1]}`;
  return NextResponse.rewrite(url);
}

// Next.js answers these with `Cache-Control: s-maxage=…` and drops a `Vary` set here or in next.config:
// a shared cache (CDN) in front must key them on the language cookie and Accept-Language too.
function localized(request: NextRequest, page?: { request: { headers: Headers } }): NextResponse {
  const url = request.nextUrl.clone();
  const locale = requestLocale(request);
  url.pathname = url.pathname === "/" ? `/${locale}` : `/${locale}${url.pathname}`;
  const sku = url.searchParams.get("sku");
  url.searchParams.delete("sku");
  if (sku) url.pathname += `/${encodeURIComponent(sku)}`;
  return NextResponse.rewrite(url, page);
}

export const config = {
  // "/(.*%.*)": any path with a `%` in it, so the hot paths without one never run the proxy.
  matcher: [
    "/",
    "/api/v1/:path*",
    "/products/:slug",
    "/checkout",
    "/orders/:orderNo",
    "/account",
    "/account/:path*",
    "/admin",
    "/admin/:path*",
    "/(.*%.*)",
    // Pages sent an Authorization header (see withoutAuthorization).
    { source: "/((?!api/|_next/).*)", has: [{ type: "header", key: "authorization" }] },
    // Multipart bodies anywhere (see readableForm): only requests that carry one run the proxy for it.
    { source: "/:path*", has: [{ type: "header", key: "content-type", value: "multipart/form-data.*" }] },
  ],
};
