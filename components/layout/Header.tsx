import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { VisitorSummary } from "@/lib/cart/session";
import { getCategoryTree } from "@/lib/catalog";
import { env } from "@/lib/env";
import type { Locale } from "@/lib/i18n/locale";
import { LanguageSwitcher } from "./LanguageSwitcher";
import { SearchBox } from "./SearchBox";
import { VisitorNav } from "./VisitorNav";

/**
 * The store's header. Nothing in it reads the request, so statically rendered pages can use it: the
 * visitor's part is VisitorNav (`visitor` when the page already knows it, else fetched by the browser).
 */
export async function Header({ locale, visitor }: { locale: Locale; visitor: VisitorSummary | null }) {
  const [t, categories] = await Promise.all([getTranslations("nav"), getCategoryTree(locale)]);
  return (
    <header className="border-b border-stone-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3">
        <Link href="/" className="text-xl font-bold tracking-tight text-brand-800">
          {env().STORE_NAME}
        </Link>
        <div className="order-3 w-full sm:order-none sm:w-auto sm:flex-1">
          <SearchBox locale={locale} />
        </div>
        <nav aria-label={t("account")} className="ml-auto flex items-center gap-3">
          <VisitorNav initial={visitor} />
          <LanguageSwitcher locale={locale} />
        </nav>
      </div>
      <nav aria-label={t("categories")} className="border-t border-stone-100">
        <ul className="mx-auto flex max-w-6xl gap-5 overflow-x-auto px-4 py-2 text-sm">
          <li>
            <Link
              href="/products"
              className="whitespace-nowrap font-medium text-stone-700 hover:text-brand-700"
            >
              {t("allProducts")}
            </Link>
          </li>
          {categories.map((category) => (
            <li key={category.slug}>
              <Link
                href={`/products?category=${category.slug}`}
                className="whitespace-nowrap text-stone-700 hover:text-brand-700"
              >
                {category.name}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
