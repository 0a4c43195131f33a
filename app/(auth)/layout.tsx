import type { ReactNode } from "react";
import { Footer } from "@/components/layout/Footer";
import { Header } from "@/components/layout/Header";
import { currentLocale } from "@/lib/i18n/server";

/** Sign-in and registration: the store's header and footer around a narrow column. */
export default async function AuthLayout({ children }: { children: ReactNode }) {
  const locale = await currentLocale();
  return (
    <>
      <Header locale={locale} />
      <main id="main" className="mx-auto w-full max-w-md flex-1 px-4 py-10">
        {children}
      </main>
      <Footer />
    </>
  );
}
