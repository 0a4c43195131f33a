// In a route group of its own: the loading state covers the list only, so an unknown order or SKU on
// the detail pages is a real 404 (a loading boundary above them would stream a 200 first).
import { getTranslations } from "next-intl/server";

/** Shown while a list of the staff section loads. */
export default async function Loading() {
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
