import type { Metadata } from "next";
import type { ReactNode } from "react";
import { StoreFrame } from "@/components/layout/StoreFrame";
import { visitorSummary } from "@/lib/cart/session";
import { storeMetadata } from "@/lib/i18n/metadata";
import { currentLocale } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return storeMetadata(await currentLocale());
}

/** Sign-in and registration: the store's header and footer around a narrow column. */
export default async function AuthLayout({ children }: { children: ReactNode }) {
  const [locale, visitor] = await Promise.all([currentLocale(), visitorSummary()]);
  return (
    <StoreFrame locale={locale} visitor={visitor} mainClassName="mx-auto w-full max-w-md flex-1 px-4 py-10">
      {children}
    </StoreFrame>
  );
}
