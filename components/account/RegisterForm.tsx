"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { registerAction } from "@/app/actions/account";
import { Field } from "@/components/forms/Field";
import { NAME_MAX } from "@/lib/accounts/limits";
import { AuthForm } from "./AuthForm";

/** Name, email and password, with the KVKK notice linked. */
export function RegisterForm({ next }: { next: string | null }) {
  const t = useTranslations("account.register");
  const legal = useTranslations("legal.register");
  return (
    <AuthForm
      action={registerAction}
      next={next}
      submit={{ label: t("submit"), pendingLabel: t("submitting") }}
    >
      <Field name="name" label={t("name")} autoComplete="name" required maxLength={NAME_MAX} />
      <Field name="email" type="email" label={t("email")} autoComplete="email" required />
      <Field
        name="password"
        type="password"
        label={t("password")}
        autoComplete="new-password"
        required
        hint={t("passwordHint")}
      />
      <p className="text-sm text-stone-600">
        {legal.rich("privacy", {
          link: (chunks) => (
            <Link href="/legal/privacy" target="_blank" className="text-brand-700 underline">
              {chunks}
            </Link>
          ),
        })}
      </p>
    </AuthForm>
  );
}
