import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/lib/db";
import { dateFormat } from "@/lib/i18n/dates";
import { currentLocale } from "@/lib/i18n/server";
import { privacyNotice } from "@/lib/legal/contracts";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("legal.privacy");
  return { title: t("title") };
}

/** The KVKK information notice (aydınlatma metni), the current version staff keep in /admin/settings. */
export default async function PrivacyPage() {
  const [t, locale, notice] = await Promise.all([
    getTranslations("legal.privacy"),
    currentLocale(),
    privacyNotice(getDb()),
  ]);
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="text-sm text-stone-500">
        {t("version", {
          version: notice.version,
          date: dateFormat(locale, { dateStyle: "long" }).format(notice.createdAt),
        })}
      </p>
      <article
        className="rounded-lg border border-stone-200 bg-white p-5 text-sm"
        data-testid="privacy-notice"
        // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered and escaped by lib/legal/render.ts
        dangerouslySetInnerHTML={{ __html: notice.html }}
      />
    </div>
  );
}
