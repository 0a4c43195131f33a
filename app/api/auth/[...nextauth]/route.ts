import { NextRequest } from "next/server";
import { assertSignInAllowed } from "@/lib/accounts/users";
import { handlers, RATE_LIMITED_CODE } from "@/lib/auth/config";
import { clientIp } from "@/lib/auth/ip";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { MAX_JSON_BYTES, route } from "@/lib/http";

/**
 * next-auth builds its redirects (after sign-in, sign-out, to the login page) from the request's URL,
 * which Next.js gives route handlers as the address the server listens on (`http://localhost:3000`). The
 * URL is rebuilt from the host the client asked for (the `Host` header) and the scheme in
 * `X-Forwarded-Proto` (set by the proxy that terminates TLS, or by Next.js from the connection), so a
 * store reached as https://shop.example.com redirects there. `X-Forwarded-Host` is not read: any client
 * could send one.
 */
function asAddressed(request: NextRequest): NextRequest {
  const host = request.headers.get("host") ?? "";
  if (!/^[a-z0-9.-]+(:\d{1,5})?$/i.test(host)) return request;
  const proto =
    request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https" ? "https" : "http";
  return new NextRequest(`${proto}://${host}${request.nextUrl.pathname}${request.nextUrl.search}`, request);
}

export const GET = (request: NextRequest) => handlers.GET(asAddressed(request));

/** The credentials fields of a sign-in POST (form-encoded like next-auth's own client, or JSON). */
async function peekCredentials(request: NextRequest): Promise<Record<string, unknown>> {
  if (Number(request.headers.get("content-length") ?? "0") > MAX_JSON_BYTES) {
    throw new AppError("PAYLOAD_TOO_LARGE", { maxBytes: MAX_JSON_BYTES });
  }
  const text = await request.clone().text();
  if (text.length > MAX_JSON_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", { maxBytes: MAX_JSON_BYTES });
  if ((request.headers.get("content-type") ?? "").includes("application/json")) {
    try {
      const body: unknown = JSON.parse(text);
      return body && typeof body === "object" ? (body as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/** Where next-auth sends the client after a sign-in attempt (Location, or `{url}` for X-Auth-Return-Redirect). */
async function outcomeUrl(response: Response): Promise<string | null> {
  const location = response.headers.get("location");
  if (location) return location;
  if ((response.headers.get("content-type") ?? "").includes("application/json")) {
    const body = (await response
      .clone()
      .json()
      .catch(() => null)) as { url?: unknown } | null;
    return typeof body?.url === "string" ? body.url : null;
  }
  return null;
}

/**
 * next-auth's POST routes, with the sign-in rate limit in front of the credentials callback: an email or
 * IP over the limit gets `429 RATE_LIMITED` in the API's error shape (with Retry-After) instead of
 * next-auth's redirect. The limit is also enforced inside `authorize`; when a concurrent attempt tips it
 * there, next-auth's answer is turned into the same 429.
 */
export const POST = route<{ nextauth: string[] }>(async (request, { params }) => {
  const isCredentialsCallback = params.nextauth.join("/") === "callback/credentials";
  if (!isCredentialsCallback) return handlers.POST(asAddressed(request));

  const credentials = await peekCredentials(request);
  if (credentials.ticket !== undefined) {
    // Sign-in tickets exist only inside the server; one arriving from outside is refused.
    throw new AppError("VALIDATION_FAILED", { fields: { ticket: "not accepted" } });
  }
  const email = typeof credentials.email === "string" ? credentials.email : null;
  const ip = clientIp(request.headers);
  await assertSignInAllowed(getDb(), { email, ip });

  const response = await handlers.POST(asAddressed(request));
  const url = await outcomeUrl(response);
  if (url && new URL(url, request.nextUrl).searchParams.get("code") === RATE_LIMITED_CODE) {
    await assertSignInAllowed(getDb(), { email, ip });
    throw new AppError("RATE_LIMITED", { retryAfterSeconds: 1 });
  }
  return response;
});
