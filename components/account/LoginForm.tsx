"use client";

import { useTranslations } from "next-intl";
import { signInAction } from "@/app/actions/account";
import { Field } from "@/components/forms/Field";
import { AuthForm } from "./AuthForm";

/** Email and password. */
export function LoginForm({ next }: { next: string | null }) {
  const t = useTranslations("account.login");
  return (
    <AuthForm
      action={signInAction}
      next={next}
      submit={{ label: t("submit"), pendingLabel: t("submitting") }}
    >
      <Field name="email" type="email" label={t("email")} autoComplete="email" required />
      <Field name="password" type="password" label={t("password")} autoComplete="current-password" required />
    </AuthForm>
  );
}
