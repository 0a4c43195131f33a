import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** Page links that keep every other filter of the current URL. */
export async function Pagination({
  page,
  pageCount,
  params,
}: {
  page: number;
  pageCount: number;
  params: Record<string, string | undefined>;
}) {
  if (pageCount <= 1) return null;
  const t = await getTranslations("listing");
  const href = (target: number) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value && key !== "page") search.set(key, value);
    if (target > 1) search.set("page", String(target));
    const query = search.toString();
    return `/products${query ? `?${query}` : ""}`;
  };
  const pages = Array.from({ length: pageCount }, (_, i) => i + 1).filter(
    (p) => p === 1 || p === pageCount || Math.abs(p - page) <= 2,
  );
  const linkClass = "rounded-md border border-stone-300 px-3 py-1.5 hover:bg-stone-100";
  return (
    <nav
      aria-label={t("pagination")}
      className="mt-8 flex flex-wrap items-center justify-center gap-2 text-sm"
    >
      {page > 1 && (
        <Link href={href(page - 1)} className={linkClass} rel="prev">
          {t("previous")}
        </Link>
      )}
      {pages.map((p, index) => (
        <span key={p} className="flex items-center gap-2">
          {index > 0 && p - (pages[index - 1] ?? p) > 1 && <span aria-hidden="true">…</span>}
          {p === page ? (
            <span
              aria-current="page"
              className="rounded-md bg-brand-700 px-3 py-1.5 font-semibold text-white"
            >
              {p}
            </span>
          ) : (
            <Link href={href(p)} className={linkClass}>
              {p}
            </Link>
          )}
        </span>
      ))}
      {page < pageCount && (
        <Link href={href(page + 1)} className={linkClass} rel="next">
          {t("next")}
        </Link>
      )}
    </nav>
  );
}
