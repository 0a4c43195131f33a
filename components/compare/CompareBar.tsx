"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { useCompareList } from "./list";

/** A link to the compare page with the list's count, fixed at the bottom corner (no layout shift) once it holds any. */
export function CompareBar() {
  const t = useTranslations("compare");
  const count = useCompareList().length;
  const pathname = usePathname();
  if (count === 0 || pathname.endsWith("/compare")) return null;
  return (
    <Link
      href="/compare"
      data-testid="compare-bar"
      aria-label={t("barLabel", { count })}
      className="fixed bottom-4 right-4 z-40 rounded-full bg-brand-800 px-4 py-2.5 text-sm font-semibold text-white shadow-lg hover:bg-brand-700"
    >
      {t("bar", { count })}
    </Link>
  );
}
