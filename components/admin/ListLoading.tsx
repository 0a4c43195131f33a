import { getTranslations } from "next-intl/server";

/**
 * Shown while a list of the staff section loads (a list page's loading.tsx re-exports it). Lists with
 * detail pages keep it in a route group of their own: a loading boundary above a detail page would stream
 * a 200 before the detail could answer 404.
 */
export async function ListLoading() {
  const t = await getTranslations("admin.common");
  return (
    <div className="flex flex-col gap-3" aria-busy="true">
      <p className="sr-only" role="status">
        {t("loading")}
      </p>
      <div className="h-8 w-48 animate-pulse rounded bg-stone-200" />
      <div className="h-16 animate-pulse rounded-lg bg-stone-100" />
      {[0, 1, 2, 3, 4, 5].map((row) => (
        <div key={row} className="h-10 animate-pulse rounded bg-stone-100" />
      ))}
    </div>
  );
}
