import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/account/SignOutButton";
import { AdminNav } from "@/components/admin/AdminNav";
import { Document } from "@/components/layout/Document";
import { requireStaff } from "@/lib/auth/guards";
import { env } from "@/lib/env";
import { currentLocale } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("account.staff");
  const store = env().STORE_NAME;
  return {
    title: { default: `${t("title")} · ${store}`, template: `%s · ${store}` },
    robots: { index: false, follow: false },
  };
}

/**
 * The staff section. The proxy sends anonymous visitors to /login; this layout checks the role again on
 * the server, from the database, for every request: customers get 403.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requireStaff("/admin");
  const [t, nav, locale] = await Promise.all([
    getTranslations("account.staff"),
    getTranslations("account.nav"),
    currentLocale(),
  ]);
  return (
    <Document locale={locale}>
      <header className="border-b border-stone-800 bg-stone-900 text-stone-100">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3">
          <Link href="/admin" className="font-bold tracking-tight">
            {env().STORE_NAME} · {t("title")}
          </Link>
          <span className="ml-auto text-sm text-stone-300" data-testid="staff-name">
            {user.name}
          </span>
          <Link href="/" className="text-sm text-stone-300 underline hover:text-white">
            {t("backToStore")}
          </Link>
          <SignOutButton className="rounded-md border border-stone-600 px-2.5 py-1 text-sm hover:bg-stone-800">
            {nav("signOut")}
          </SignOutButton>
        </div>
      </header>
      <AdminNav isAdmin={user.role === "admin"} />
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        {children}
      </main>
    </Document>
  );
}
