"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { type FormState, registerAction } from "@/app/actions/account";
import { NAME_MAX } from "@/lib/accounts/limits";
import { Field, FormMessage } from "./Field";

/** Name, email and password; works without JavaScript. */
export function RegisterForm({ next }: { next: string | null }) {
  const t = useTranslations("account");
  const [state, action, pending] = useActionState<FormState, FormData>(registerAction, {});
  return (
    <form action={action} className="flex flex-col gap-4" noValidate key={JSON.stringify(state)}>
      {next && <input type="hidden" name="next" value={next} />}
      <Field
        name="name"
        label={t("register.name")}
        autoComplete="name"
        required
        maxLength={NAME_MAX}
        defaultValue={state.values?.name}
        error={state.fields?.name}
      />
      <Field
        name="email"
        type="email"
        label={t("register.email")}
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        error={state.fields?.email}
      />
      <Field
        name="password"
        type="password"
        label={t("register.password")}
        autoComplete="new-password"
        required
        hint={t("register.passwordHint")}
        error={state.fields?.password}
      />
      <FormMessage message={state.error} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-brand-700 px-5 py-2.5 text-sm font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {pending ? t("register.submitting") : t("register.submit")}
      </button>
    </form>
  );
}
