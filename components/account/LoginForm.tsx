"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { type FormState, signInAction } from "@/app/actions/account";
import { Field, FormMessage } from "./Field";

/** Email and password; works without JavaScript (a plain form posting to the server action). */
export function LoginForm({ next }: { next: string | null }) {
  const t = useTranslations("account");
  const [state, action, pending] = useActionState<FormState, FormData>(signInAction, {});
  return (
    <form action={action} className="flex flex-col gap-4" noValidate key={JSON.stringify(state)}>
      {next && <input type="hidden" name="next" value={next} />}
      <Field
        name="email"
        type="email"
        label={t("login.email")}
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        error={state.fields?.email}
      />
      <Field
        name="password"
        type="password"
        label={t("login.password")}
        autoComplete="current-password"
        required
        error={state.fields?.password}
      />
      <FormMessage message={state.error} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-brand-700 px-5 py-2.5 text-sm font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {pending ? t("login.submitting") : t("login.submit")}
      </button>
    </form>
  );
}
