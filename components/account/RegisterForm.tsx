"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { type FormState, registerAction } from "@/app/actions/account";
import { NAME_MAX } from "@/lib/accounts/limits";
import { AuthForm } from "./AuthForm";
import { Field } from "./Field";

/** Name, email and password. */
export function RegisterForm({ next }: { next: string | null }) {
  const t = useTranslations("account.register");
  const [state, action, pending] = useActionState<FormState, FormData>(registerAction, {});
  return (
    <AuthForm
      action={action}
      state={state}
      pending={pending}
      next={next}
      submit={{ label: t("submit"), pendingLabel: t("submitting") }}
    >
      <Field
        name="name"
        label={t("name")}
        autoComplete="name"
        required
        maxLength={NAME_MAX}
        defaultValue={state.values?.name}
        error={state.fields?.name}
      />
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
        autoComplete="new-password"
        required
        hint={t("passwordHint")}
        error={state.fields?.password}
      />
    </AuthForm>
  );
}
