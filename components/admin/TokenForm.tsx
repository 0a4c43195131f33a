"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { type AdminFormState, createTokenAction } from "@/app/actions/admin";
import { Field, FormMessage } from "@/components/account/Field";

/** Makes an admin API token and shows its text this once. */
export function TokenForm() {
  const t = useTranslations("admin.tokens");
  const [state, action, pending] = useActionState<AdminFormState, FormData>(createTokenAction, {});
  return (
    <div className="flex flex-col gap-3">
      <form action={action} noValidate className="grid gap-3 sm:grid-cols-[2fr_1fr_auto] sm:items-end">
        <Field
          name="name"
          label={t("name")}
          required
          maxLength={100}
          defaultValue={state.values?.name}
          error={state.fields?.name}
        />
        <Field
          name="expiresInDays"
          label={t("expiresInDays")}
          hint={t("expiresHint")}
          type="number"
          min={1}
          max={3650}
          inputMode="numeric"
          defaultValue={state.values?.expiresInDays}
          error={state.fields?.expiresInDays}
        />
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-stone-900 px-4 py-2 text-sm font-medium text-white disabled:opacity-60 sm:mb-6"
        >
          {t("create")}
        </button>
      </form>
      <FormMessage message={state.error} />
      {state.token && (
        <div role="status" className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm">
          <p className="font-medium">{state.ok}</p>
          <p>{t("copyNow")}</p>
          <code
            className="mt-1 block break-all rounded bg-white p-2 font-mono select-all"
            data-testid="new-token"
          >
            {state.token}
          </code>
        </div>
      )}
    </div>
  );
}
