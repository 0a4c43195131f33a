import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ButtonLink } from "@/components/layout/ButtonLink";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("privacy.deleted");
  return { title: t("title"), robots: { index: false } };
}

/** Where a shopper lands after deleting their account (already signed out): what happened to their data. */
export default async function AccountDeletedPage() {
  const t = await getTranslations("privacy.deleted");
  return (
    <div className="mx-auto flex max-w-xl flex-col gap-4 rounded-lg border border-stone-200 bg-white p-6">
      <h1 className="text-2xl font-semibold" data-testid="account-deleted">
        {t("title")}
      </h1>
      <p className="text-sm text-stone-700">{t("text")}</p>
      <p className="text-sm text-stone-600">{t("kept")}</p>
      <div>
        <ButtonLink href="/">{t("home")}</ButtonLink>
      </div>
    </div>
  );
}
