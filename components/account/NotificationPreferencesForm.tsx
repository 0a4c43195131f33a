"use client";

import { useTranslations } from "next-intl";
import { saveNotificationPreferencesAction } from "@/app/actions/account";
import { Checkbox } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import type { NotificationPreferences } from "@/lib/accounts/preferences";

/** SMS and push, each an explicit opt-in; email is shown on and cannot be turned off (transactional). */
export function NotificationPreferencesForm({ initial }: { initial: NotificationPreferences }) {
  const t = useTranslations("account.notifications");
  return (
    <Form
      action={saveNotificationPreferencesAction}
      idPrefix="notifications"
      className="flex flex-col gap-2"
      testId="notification-preferences"
    >
      <label className="flex min-h-10 items-center gap-2 text-sm text-stone-600">
        <input type="checkbox" checked disabled className="size-4" />
        {t("email")}
      </label>
      <Checkbox name="sms" label={t("sms")} defaultChecked={initial.sms} />
      <Checkbox name="push" label={t("push")} defaultChecked={initial.push} />
      <div>
        <SubmitButton look="brand" pendingLabel={t("saving")}>
          {t("save")}
        </SubmitButton>
      </div>
    </Form>
  );
}
