"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { type FormState, signInAction } from "@/app/actions/account";
import { AuthForm } from "./AuthForm";
import { Field } from "./Field";

/** Email and password. */
export function LoginForm({ next }: { next: string | null }) {
  const t = useTranslations("account.login");
  const [state, action, pending] = useActionState<FormState, FormData>(signInAction, {});
  return (
    <AuthForm
      action={action}
      state={state}
      pending={pending}
      next={next}
      submit={{ label: t("submit"), pendingLabel: t("submitting") }}
    >
      <Field
        name="email"
        type="email"
        label={t("email")}
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        error={state.fields?.email}
      />
      <Field
        name="password"
        type="password"
        label={t("password")}
        autoComplete="current-password"
        required
        error={state.fields?.password}
      />
    </AuthForm>
  );
}
