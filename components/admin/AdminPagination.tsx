import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { pageHref } from "./format";

/** Previous / next links that keep the list's filters. */
export async function AdminPagination({
  base,
  page,
  limit,
  total,
  params,
}: {
  base: string;
  page: number;
  limit: number;
  total: number;
  params: Record<string, string | undefined>;
}) {
  const t = await getTranslations("admin.common");
  const pages = Math.max(1, Math.ceil(total / limit));
  const linkClass = "rounded-md border border-stone-300 bg-white px-3 py-1.5 hover:bg-stone-100";
  return (
    <nav aria-label={t("pagination")} className="flex flex-wrap items-center justify-between gap-2 text-sm">
      <span className="text-stone-600" data-testid="result-count">
        {t("results", { total })}
      </span>
      {pages > 1 && (
        <span className="flex items-center gap-2">
          {page > 1 && (
            <Link href={pageHref(base, params, page - 1)} className={linkClass} rel="prev">
              {t("previous")}
            </Link>
          )}
          <span aria-current="page" className="px-2">
            {page} / {pages}
          </span>
          {page < pages && (
            <Link href={pageHref(base, params, page + 1)} className={linkClass} rel="next">
              {t("next")}
            </Link>
          )}
        </span>
      )}
    </nav>
  );
}
