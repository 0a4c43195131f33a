import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LoginForm } from "@/components/account/LoginForm";
import { RATE_LIMITED_CODE } from "@/lib/auth/config";
import { DEFAULT_AFTER_SIGN_IN, safeNextPath } from "@/lib/auth/redirect";
import { getCurrentUser } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("account.login");
  return { title: t("title"), robots: { index: false } };
}

type Search = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function LoginPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const next = safeNextPath(first(params.next));
  if (await getCurrentUser()) redirect(next && !next.startsWith("/login") ? next : DEFAULT_AFTER_SIGN_IN);
  const t = await getTranslations("account");
  // next-auth's own redirects (a client that posted to /api/auth/callback/credentials) carry the reason.
  const error = first(params.error);
  const notice =
    error === "CredentialsSignin"
      ? first(params.code) === RATE_LIMITED_CODE
        ? t("login.rateLimitedLater")
        : t("login.invalid")
      : null;
  const registerHref = next ? `/register?next=${encodeURIComponent(next)}` : "/register";
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">{t("login.title")}</h1>
      {notice && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {notice}
        </p>
      )}
      <LoginForm next={next} />
      <p className="text-sm text-stone-600">{t("login.cartNote")}</p>
      <p className="text-sm">
        {t("login.noAccount")}{" "}
        <Link href={registerHref} className="font-medium text-brand-700 underline">
          {t("login.registerLink")}
        </Link>
      </p>
    </div>
  );
}
