/**
 * Response headers for every page and route (next.config.ts). Stripe.js is allowed only on the pages
 * that take card payments (checkout, and the order page where a failed payment is retried).
 */
const STRIPE = {
  script: "https://js.stripe.com",
  frame: "https://js.stripe.com https://hooks.stripe.com",
  connect: "https://api.stripe.com",
};

export function contentSecurityPolicy({ stripe, dev }: { stripe: boolean; dev: boolean }): string {
  const directives = [
    "default-src 'self'",
    // Next.js streams its payload in inline scripts; development also needs eval for fast refresh.
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}${stripe ? ` ${STRIPE.script}` : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${stripe ? ` ${STRIPE.connect}` : ""}${dev ? " ws:" : ""}`,
    `frame-src ${stripe ? STRIPE.frame : "'none'"}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ];
  return directives.join("; ");
}

export function securityHeaders({ stripe, production }: { stripe: boolean; production: boolean }) {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy({ stripe, dev: !production }) },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    {
      key: "Permissions-Policy",
      value: `camera=(), microphone=(), geolocation=(), payment=(${stripe ? "self" : ""})`,
    },
    ...(production
      ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]
      : []),
  ];
}
