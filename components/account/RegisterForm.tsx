"use client";

import { useTranslations } from "next-intl";
import { registerAction } from "@/app/actions/account";
import { Field } from "@/components/forms/Field";
import { NAME_MAX } from "@/lib/accounts/limits";
import { AuthForm } from "./AuthForm";

/** Name, email and password. */
export function RegisterForm({ next }: { next: string | null }) {
  const t = useTranslations("account.register");
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
    </AuthForm>
  );
}
