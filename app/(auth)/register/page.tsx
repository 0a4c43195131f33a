import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AuthPage, nextPath, type SearchParams } from "@/app/(auth)/shared";
import { RegisterForm } from "@/components/account/RegisterForm";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("account.register");
  return { title: t("title"), robots: { index: false } };
}

export default async function RegisterPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const next = await nextPath(await searchParams, "/register");
  const t = await getTranslations("account");
  return (
    <AuthPage
      title={t("register.title")}
      next={next}
      other={{ text: t("register.haveAccount"), label: t("register.loginLink"), page: "/login" }}
    >
      <RegisterForm next={next} />
    </AuthPage>
  );
}
