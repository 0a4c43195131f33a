import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** A 404 inside the store's frame (app/[locale], app/(shop)), in the page's language. */
export async function NotFoundMessage() {
  const t = await getTranslations("notFound");
  return (
    <div className="mx-auto flex max-w-xl flex-1 flex-col items-center justify-center gap-4 px-4 py-24 text-center">
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="text-3xl font-semibold">{t("title")}</h1>
      <p className="text-stone-600">{t("text")}</p>
      <Link
        href="/products"
        className="rounded-md bg-brand-700 px-5 py-2.5 text-sm font-medium text-white hover:bg-brand-800"
      >
        {t("back")}
      </Link>
    </div>
  );
}
