import { env } from "@/lib/env";

/**
 * Whether the session cookie is `Secure` (and named `__Secure-authjs.session-token`): in production when
 * the store is served over https (APP_URL), the same rule as the cart cookie. The proxy and next-auth
 * must agree, since the name is also the JWT's encryption salt.
 */
export function secureCookies(): boolean {
  const { NODE_ENV, APP_URL } = env();
  return NODE_ENV === "production" && APP_URL.startsWith("https://");
}

/** Name of next-auth's session cookie (chunked ones add `.0`, `.1`, … to it). */
export function sessionCookieName(): string {
  return `${secureCookies() ? "__Secure-" : ""}authjs.session-token`;
}
