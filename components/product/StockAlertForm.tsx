"use client";

import { useTranslations } from "next-intl";
import { subscribeStockAlertAction } from "@/app/actions/stock-alerts";
import { Field } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";

/**
 * "Gelince haber ver" under a sold-out variant: a plain form posting to its server action (the cached
 * page cannot know who is signed in, so the email is asked; a signed-in shopper's account email is used
 * whatever is typed). The action's answer is shown in the form's announced region.
 */
export function StockAlertForm({ slug, sku }: { slug: string; sku: string }) {
  const t = useTranslations("stockAlerts.form");
  return (
    <Form
      action={subscribeStockAlertAction}
      hidden={{ slug, sku }}
      idPrefix="stock-alert"
      testId="stock-alert-form"
      label={t("title")}
      className="flex flex-col gap-2 rounded-md border border-stone-200 bg-stone-50 p-3"
    >
      <p className="text-sm text-stone-700">{t("intro")}</p>
      <div className="flex items-end gap-3">
        <Field name="email" type="email" autoComplete="email" label={t("email")} className="flex-1" />
        <SubmitButton>{t("submit")}</SubmitButton>
      </div>
    </Form>
  );
}
