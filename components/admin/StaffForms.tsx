"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { type AdminFormState, revokeStaffAction, saveStaffAction } from "@/app/actions/admin";
import { Field, FormMessage } from "@/components/account/Field";

/** Creates a staff account or changes the role (and password) of the account with that email. */
export function StaffForm() {
  const t = useTranslations("admin.staff");
  const [state, action, pending] = useActionState<AdminFormState, FormData>(saveStaffAction, {});
  const values = state.ok ? {} : (state.values ?? {});
  return (
    <form
      action={action}
      noValidate
      className="grid gap-3 sm:grid-cols-2"
      data-testid="staff-form"
      key={JSON.stringify(state)}
    >
      <Field
        name="email"
        label={t("email")}
        type="email"
        autoComplete="off"
        required
        defaultValue={values.email}
        error={state.fields?.email}
      />
      <Field
        name="name"
        label={t("name")}
        autoComplete="off"
        maxLength={100}
        defaultValue={values.name}
        error={state.fields?.name}
      />
      <Field
        name="password"
        label={t("password")}
        type="password"
        autoComplete="new-password"
        required
        error={state.fields?.password}
      />
      <div className="flex flex-col gap-1">
        <label htmlFor="staff-role" className="text-sm font-medium text-stone-700">
          {t("role")}
        </label>
        <select
          id="staff-role"
          name="role"
          defaultValue={values.role || "staff"}
          className="rounded-md border border-stone-300 bg-white px-3 py-2 text-sm"
        >
          <option value="staff">{t("roles.staff")}</option>
          <option value="admin">{t("roles.admin")}</option>
        </select>
        {state.fields?.role && <p className="text-sm text-red-700">{state.fields.role}</p>}
      </div>
      <p className="text-xs text-stone-500 sm:col-span-2">{t("formHint")}</p>
      <div className="sm:col-span-2">
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-stone-900 px-4 py-2 text-sm font-medium text-white disabled:opacity-60"
        >
          {t("save")}
        </button>
        <FormMessage message={state.error} />
        <p role="status" aria-live="polite" className="min-h-5 text-sm text-emerald-800">
          {state.ok}
        </p>
      </div>
    </form>
  );
}

/** "Remove staff access" for one account, with the refusal (yourself, the last administrator) shown inline. */
export function RevokeStaffButton({ id, label }: { id: string; label: string }) {
  const [state, action, pending] = useActionState<AdminFormState, FormData>(revokeStaffAction, {});
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <input type="hidden" name="id" value={id} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-md border border-red-700 px-2.5 py-1 text-xs text-red-800 hover:bg-red-50 disabled:opacity-60"
      >
        {label}
      </button>
      {state.error && (
        <p role="alert" className="text-xs text-red-700">
          {state.error}
        </p>
      )}
    </form>
  );
}
