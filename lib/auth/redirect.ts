/** Where to land after signing in when `next=` is absent or refused. */
export const DEFAULT_AFTER_SIGN_IN = "/account";

const MAX_NEXT_LENGTH = 2000;

/**
 * The `next=` target if it is a same-site relative path: it must start with exactly one `/` (not `//`
 * or `/\`, which browsers treat as another host), contain no backslash and no control or whitespace
 * characters (browsers drop tabs and newlines, turning `/\t/evil.example` into `//evil.example`), and
 * still be on this site once resolved. Anything else gives null.
 */
export function safeNextPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_NEXT_LENGTH) return null;
  if (!value.startsWith("/") || value.startsWith("//")) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\\\u0000-\u0020\u007f-\u009f\u2028\u2029]/.test(value)) return null;
  let resolved: URL;
  try {
    resolved = new URL(value, "https://store.invalid");
  } catch {
    return null;
  }
  if (resolved.origin !== "https://store.invalid") return null;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

/** `/login?next=…` for a page that needs a signed-in visitor. */
export function loginPath(next: string | null | undefined): string {
  const target = safeNextPath(next);
  return target ? `/login?next=${encodeURIComponent(target)}` : "/login";
}
