import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { nextPath, OtherPageLink, type SearchParams } from "@/app/(auth)/shared";
import { RegisterForm } from "@/components/account/RegisterForm";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("account.register");
  return { title: t("title"), robots: { index: false } };
}

export default async function RegisterPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const next = await nextPath(await searchParams, "/register");
  const t = await getTranslations("account");
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">{t("register.title")}</h1>
      <RegisterForm next={next} />
      <OtherPageLink
        text={t("register.haveAccount")}
        label={t("register.loginLink")}
        page="/login"
        next={next}
      />
    </div>
  );
}
