import { randomBytes } from "node:crypto";
import { type APIRequestContext, expect } from "@playwright/test";

/** A unique address per test: tests run in parallel on one database. */
export function uniqueEmail(tag: string): string {
  return `${tag}-${randomBytes(5).toString("hex")}@example.com`;
}

/**
 * A made-up client address per test file (and worker), sent as X-Forwarded-For: the store keys its
 * sign-in and registration limits by IP, and every browser here really comes from 127.0.0.1.
 */
export function randomIp(): string {
  const b = randomBytes(3);
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

export const PASSWORD = "Güvenli-parola-42";

/** Registers through the API; the context that calls it is signed in afterwards. */
export async function registerViaApi(request: APIRequestContext, email: string, name = "Test Müşteri") {
  const response = await request.post("/api/account/register", { data: { email, password: PASSWORD, name } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: string; email: string; name: string; role: string };
}

/** next-auth's credentials sign-in as an API client does it: CSRF token first, then the form post. */
export async function signInViaApi(request: APIRequestContext, email: string, password: string) {
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  return request.post("/api/auth/callback/credentials", {
    form: { email, password, csrfToken, callbackUrl: "/account" },
    maxRedirects: 0,
  });
}

export async function sessionEmail(request: APIRequestContext): Promise<string | null> {
  const session = await (await request.get("/api/auth/session")).json();
  return session?.user?.email ?? null;
}
