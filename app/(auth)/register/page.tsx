import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { RegisterForm } from "@/components/account/RegisterForm";
import { DEFAULT_AFTER_SIGN_IN, safeNextPath } from "@/lib/auth/redirect";
import { getCurrentUser } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("account.register");
  return { title: t("title"), robots: { index: false } };
}

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function RegisterPage({ searchParams }: { searchParams: Search }) {
  const raw = (await searchParams).next;
  const next = safeNextPath(Array.isArray(raw) ? raw[0] : raw);
  if (await getCurrentUser()) redirect(next && !next.startsWith("/register") ? next : DEFAULT_AFTER_SIGN_IN);
  const t = await getTranslations("account");
  const loginHref = next ? `/login?next=${encodeURIComponent(next)}` : "/login";
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">{t("register.title")}</h1>
      <RegisterForm next={next} />
      <p className="text-sm">
        {t("register.haveAccount")}{" "}
        <Link href={loginHref} className="font-medium text-brand-700 underline">
          {t("register.loginLink")}
        </Link>
      </p>
    </div>
  );
}
