import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AuthPage, first, nextPath, type SearchParams } from "@/app/(auth)/shared";
import { LoginForm } from "@/components/account/LoginForm";
import { RATE_LIMITED_CODE } from "@/lib/auth/config";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("account.login");
  return { title: t("title"), robots: { index: false } };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const next = await nextPath(params, "/login");
  const t = await getTranslations("account");
  // next-auth's own redirects (a client that posted to /api/auth/callback/credentials) carry the reason.
  const error = first(params.error);
  const notice =
    error === "CredentialsSignin"
      ? first(params.code) === RATE_LIMITED_CODE
        ? t("login.rateLimitedLater")
        : t("login.invalid")
      : null;
  return (
    <AuthPage
      title={t("login.title")}
      next={next}
      other={{ text: t("login.noAccount"), label: t("login.registerLink"), page: "/register" }}
    >
      {notice && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {notice}
        </p>
      )}
      <LoginForm next={next} />
      <p className="text-sm text-stone-600">{t("login.cartNote")}</p>
    </AuthPage>
  );
}
