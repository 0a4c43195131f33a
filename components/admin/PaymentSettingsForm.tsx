"use client";

import { useTranslations } from "next-intl";
import { savePaymentSettingsAction } from "@/app/actions/admin-payments";
import { Select } from "@/components/forms/Field";
import { Form, useFormContext } from "@/components/forms/Form";
import { FieldError } from "@/components/forms/Frame";
import { SubmitButton } from "@/components/forms/SubmitButton";

/** Chooses the provider that takes cards among the configured ones, and the largest installment count. */
export function PaymentSettingsForm({
  providers,
  active,
  maxInstallments,
  choices,
}: {
  providers: { name: string; configured: boolean }[];
  active: string | null;
  maxInstallments: number;
  choices: readonly number[];
}) {
  const t = useTranslations("admin.payments");
  const common = useTranslations("admin.common");
  return (
    <Form
      action={savePaymentSettingsAction}
      values={{ maxInstallments: String(maxInstallments) }}
      className="flex flex-col gap-4"
      testId="payment-settings"
    >
      <Providers providers={providers} active={active} />
      <Select
        name="maxInstallments"
        label={t("maxInstallments")}
        hint={t("installmentsHint")}
        className="w-60"
      >
        {choices.map((count) => (
          <option key={count} value={count}>
            {count === 1 ? t("singleOnly") : t("upTo", { count })}
          </option>
        ))}
      </Select>
      <div>
        <SubmitButton className="min-h-11" pendingLabel={common("saving")}>
          {common("save")}
        </SubmitButton>
      </div>
    </Form>
  );
}

function Providers({
  providers,
  active,
}: {
  providers: { name: string; configured: boolean }[];
  active: string | null;
}) {
  const t = useTranslations("admin.payments");
  const { state } = useFormContext();
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 font-semibold">{t("provider")}</legend>
      {providers.map((provider) => (
        <label key={provider.name} className="flex items-center gap-2 text-sm">
          <input
            type="radio"
            name="cardProvider"
            value={provider.name}
            defaultChecked={provider.name === active}
            disabled={!provider.configured}
          />
          <span className="font-medium">{t(`names.${provider.name}` as "names.iyzico")}</span>
          <span className={provider.configured ? "text-emerald-800" : "text-stone-500"}>
            {provider.configured ? t("configured") : t("notConfiguredHint")}
          </span>
        </label>
      ))}
      {providers.every((provider) => !provider.configured) && (
        <p className="text-sm text-stone-600">{t("none")}</p>
      )}
      <FieldError name="cardProvider" error={state.fields?.cardProvider} />
    </fieldset>
  );
}
