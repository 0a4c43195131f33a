import type { ReactNode } from "react";
import { Footer } from "@/components/layout/Footer";
import { Header } from "@/components/layout/Header";
import { currentLocale } from "@/lib/i18n/server";

export default async function ShopLayout({ children }: { children: ReactNode }) {
  const locale = await currentLocale();
  return (
    <>
      <Header locale={locale} />
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        {children}
      </main>
      <Footer />
    </>
  );
}
