const MAX_IP_LENGTH = 64;

/**
 * The client's address for rate limits: the first entry of `X-Forwarded-For` (set by the hosting proxy;
 * Next.js fills it from the socket when absent), else `X-Real-IP`, else "unknown". Behind a proxy that
 * does not overwrite X-Forwarded-For a client can choose this value, so per-IP limits always come
 * together with per-account ones.
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const candidate = forwarded || headers.get("x-real-ip")?.trim() || "";
  if (!candidate) return "unknown";
  return candidate.slice(0, MAX_IP_LENGTH).toLowerCase();
}
