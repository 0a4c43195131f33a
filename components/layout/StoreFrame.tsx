import type { ReactNode } from "react";
import { CompareBar } from "@/components/compare/CompareBar";
import type { VisitorSummary } from "@/lib/cart/session";
import type { Locale } from "@/lib/i18n/locale";
import { Document } from "./Document";
import { Footer } from "./Footer";
import { Header } from "./Header";

const WIDE = "mx-auto w-full max-w-6xl flex-1 px-4 py-6";

/** A storefront page: the document, the store's header and footer around `<main>`. */
export function StoreFrame({
  locale,
  visitor,
  mainClassName = WIDE,
  messages,
  children,
}: {
  locale: Locale;
  visitor: VisitorSummary | null;
  mainClassName?: string;
  messages?: Record<string, unknown>;
  children: ReactNode;
}) {
  return (
    <Document locale={locale} messages={messages}>
      <Header locale={locale} visitor={visitor} />
      <main id="main" className={mainClassName}>
        {children}
      </main>
      <Footer />
      <CompareBar />
    </Document>
  );
}
