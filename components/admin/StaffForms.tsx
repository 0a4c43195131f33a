"use client";

import { useTranslations } from "next-intl";
import { revokeStaffAction, saveStaffAction } from "@/app/actions/admin";
import { Field, Select } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import type { Constraints } from "@/lib/forms/parse";

/** Creates a staff account or changes the role (and password) of the account with that email. */
export function StaffForm({ constraints }: { constraints?: Constraints }) {
  const t = useTranslations("admin.staff");
  return (
    <Form
      action={saveStaffAction}
      values={{ role: "staff" }}
      constraints={constraints}
      className="grid gap-3 sm:grid-cols-2"
      testId="staff-form"
    >
      <Field name="email" label={t("email")} type="email" autoComplete="off" />
      <Field name="name" label={t("name")} autoComplete="off" />
      <Field name="password" label={t("password")} type="password" autoComplete="new-password" />
      <Select id="staff-role" name="role" label={t("role")}>
        <option value="staff">{t("roles.staff")}</option>
        <option value="admin">{t("roles.admin")}</option>
      </Select>
      <p className="text-xs text-stone-500 sm:col-span-2">{t("formHint")}</p>
      <div className="sm:col-span-2">
        <SubmitButton>{t("save")}</SubmitButton>
      </div>
    </Form>
  );
}

/** "Remove staff access" for one account, with the refusal (yourself, the last administrator) shown inline. */
export function RevokeStaffButton({ id, label }: { id: string; label: string }) {
  return (
    <Form action={revokeStaffAction} hidden={{ id }} className="flex flex-col items-end gap-1 text-xs">
      <SubmitButton look="smallDanger">{label}</SubmitButton>
    </Form>
  );
}
