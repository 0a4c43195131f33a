import type { Metadata } from "next";
import type { ReactNode } from "react";
import { clientMessages } from "@/components/layout/Document";
import { StoreFrame } from "@/components/layout/StoreFrame";
import { storeMetadata } from "@/lib/i18n/metadata";
import { segmentLocale } from "@/lib/i18n/server";

type Params = Promise<{ locale: string }>;

/**
 * The statically rendered storefront pages (home and product pages), one copy per language, served from
 * the cache: proxy.ts rewrites `/` and `/products/…` here from the visitor's language. Nothing under it
 * reads cookies; the visitor's header and live stock are fetched by the browser. Another first segment
 * is a 404 (segmentLocale).
 */
// Rendered on first request, not at build time (the build has no database).
export function generateStaticParams() {
  return [];
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return storeMetadata(await segmentLocale(params));
}

// The client components of these pages: VisitorNav, VariantPicker, AddToCart, the compare toggle and
// bar, and the recently viewed row.
const CLIENT_NAMESPACES = [
  "account.nav",
  "cart",
  "product",
  "colors",
  "storefront",
  "stockAlerts.form",
  "wishlist",
  "compare.toggle",
  "compare.bar",
  "compare.barLabel",
  "recentlyViewed",
];

export default async function LocaleLayout({ children, params }: { children: ReactNode; params: Params }) {
  const locale = await segmentLocale(params);
  return (
    <StoreFrame locale={locale} visitor={null} messages={clientMessages(locale, CLIENT_NAMESPACES)}>
      {children}
    </StoreFrame>
  );
}
