import { getTranslations } from "next-intl/server";
import { setLocale } from "@/app/actions/locale";
import type { Locale } from "@/lib/i18n/locale";

export async function LanguageSwitcher({ locale }: { locale: Locale }) {
  const t = await getTranslations("language");
  const other: Locale = locale === "tr" ? "en" : "tr";
  return (
    <form action={setLocale}>
      <input type="hidden" name="locale" value={other} />
      <button
        type="submit"
        lang={other}
        aria-label={t("switchTo")}
        className="rounded-md border border-stone-300 px-2.5 py-1.5 text-sm font-medium text-stone-700 hover:bg-stone-100"
      >
        {t(`short.${other}`)}
      </button>
    </form>
  );
}
