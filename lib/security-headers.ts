/**
 * Response headers for every page and route. Most are fixed (next.config.ts); the pages that take card
 * payments (checkout, and the order page where a payment is completed or retried) get their policy from
 * the proxy at request time, since it depends on which providers are configured: Stripe.js for Stripe,
 * PayTR's payment page in an iframe for PayTR. iyzico's page is reached by navigation and needs nothing.
 */
const STRIPE = {
  script: "https://js.stripe.com",
  frame: "https://js.stripe.com https://hooks.stripe.com",
  connect: "https://api.stripe.com",
};

/** The paths whose policy the proxy sets (proxy.ts matches the same ones). */
export const CARD_PAGES = /^\/(checkout|orders\/[^/]+)$/;

export interface CardPolicy {
  stripe: boolean;
  /** Origins allowed to be framed (PayTR's payment page). */
  frames: string[];
}

const NO_CARDS: CardPolicy = { stripe: false, frames: [] };

export function contentSecurityPolicy({ card = NO_CARDS, dev }: { card?: CardPolicy; dev: boolean }): string {
  const frames = [...(card.stripe ? [STRIPE.frame] : []), ...card.frames];
  const directives = [
    "default-src 'self'",
    // Next.js streams its payload in inline scripts; development also needs eval for fast refresh.
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}${card.stripe ? ` ${STRIPE.script}` : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${card.stripe ? ` ${STRIPE.connect}` : ""}${dev ? " ws:" : ""}`,
    `frame-src ${frames.length > 0 ? frames.join(" ") : "'none'"}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ];
  return directives.join("; ");
}

/** The two headers that differ on the card pages. */
export function paymentPolicyHeaders({ card = NO_CARDS, dev }: { card?: CardPolicy; dev: boolean }) {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy({ card, dev }) },
    {
      key: "Permissions-Policy",
      value: `camera=(), microphone=(), geolocation=(), payment=(${card.stripe ? "self" : ""})`,
    },
  ];
}

/** The headers every response carries. */
export function securityHeaders({ production }: { production: boolean }) {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    ...(production
      ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]
      : []),
  ];
}
