"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";

/** The staff section's navigation; tokens, staff accounts and data requests are listed for administrators only. */
export function AdminNav({ isAdmin }: { isAdmin: boolean }) {
  const t = useTranslations("admin.nav");
  const catalog = useTranslations("adminCatalog.nav");
  const pricing = useTranslations("adminPricing.nav");
  const stockAlerts = useTranslations("stockAlerts.admin");
  const search = useTranslations("adminSearch");
  const pathname = usePathname();
  const links = [
    { href: "/admin", label: t("home"), exact: true },
    { href: "/admin/orders", label: t("orders") },
    { href: "/admin/returns", label: t("returns") },
    { href: "/admin/reviews", label: t("reviews") },
    { href: "/admin/products", label: catalog("products") },
    { href: "/admin/categories", label: catalog("categories") },
    { href: "/admin/brands", label: catalog("brands") },
    { href: "/admin/search", label: search("nav") },
    { href: "/admin/inventory", label: t("inventory") },
    { href: "/admin/stock-alerts", label: stockAlerts("nav") },
    { href: "/admin/coupons", label: t("coupons") },
    { href: "/admin/shipping", label: pricing("shipping") },
    { href: "/admin/taxes", label: pricing("taxes") },
    { href: "/admin/fees", label: pricing("fees") },
    ...(isAdmin
      ? [
          { href: "/admin/payments", label: t("payments") },
          { href: "/admin/settings", label: t("settings") },
          { href: "/admin/tokens", label: t("tokens") },
          { href: "/admin/staff", label: t("staff") },
          { href: "/admin/privacy", label: t("privacy") },
        ]
      : []),
    { href: "/admin/webhooks", label: t("webhooks") },
    { href: "/admin/jobs", label: t("jobs") },
    { href: "/admin/mailbox", label: t("mailbox") },
  ];
  return (
    <nav aria-label={t("label")} className="border-b border-stone-200 bg-white">
      <ul className="mx-auto flex max-w-6xl flex-wrap gap-x-1 px-4 text-sm">
        {links.map((link) => {
          const current = link.exact ? pathname === link.href : pathname.startsWith(link.href);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={current ? "page" : undefined}
                className={`block whitespace-nowrap border-b-2 px-3 py-2.5 ${
                  current
                    ? "border-stone-900 font-semibold text-stone-900"
                    : "border-transparent text-stone-600 hover:text-stone-900"
                }`}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
