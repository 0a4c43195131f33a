import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** 403: a signed-in visitor without the role a page needs (e.g. a customer opening /admin). */
export default async function Forbidden() {
  const t = await getTranslations("account.forbidden");
  return (
    <main
      id="main"
      className="mx-auto flex max-w-md flex-1 flex-col items-center gap-4 px-4 py-16 text-center"
    >
      <h1 className="text-2xl font-semibold" data-testid="forbidden">
        {t("title")}
      </h1>
      <p className="text-stone-600">{t("body")}</p>
      <Link
        href="/"
        className="rounded-md bg-brand-700 px-5 py-2.5 text-sm font-medium text-white hover:bg-brand-800"
      >
        {t("home")}
      </Link>
    </main>
  );
}
