import type { Metadata } from "next";
import type { ReactNode } from "react";
import { StoreFrame } from "@/components/layout/StoreFrame";
import { visitorSummary } from "@/lib/cart/session";
import { storeMetadata } from "@/lib/i18n/metadata";
import { currentLocale } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return storeMetadata(await currentLocale());
}

/** Storefront pages rendered per request (cart, checkout, listing, account…): the header is filled in here. */
export default async function ShopLayout({ children }: { children: ReactNode }) {
  const [locale, visitor] = await Promise.all([currentLocale(), visitorSummary()]);
  return (
    <StoreFrame locale={locale} visitor={visitor}>
      {children}
    </StoreFrame>
  );
}
