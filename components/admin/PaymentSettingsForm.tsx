"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { AdminFormState } from "@/app/actions/admin-form";
import { savePaymentSettingsAction } from "@/app/actions/admin-payments";
import { FormMessage } from "@/components/account/Field";
import { Footer } from "./PricingForms";

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
  const [state, run, pending] = useActionState<AdminFormState, FormData>(savePaymentSettingsAction, {});
  const configured = providers.filter((provider) => provider.configured);
  return (
    <form action={run} className="flex flex-col gap-4" data-testid="payment-settings">
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
        {configured.length === 0 && <p className="text-sm text-stone-600">{t("none")}</p>}
        {state.fields?.cardProvider && <FormMessage message={state.fields.cardProvider} />}
      </fieldset>
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-semibold">{t("maxInstallments")}</span>
        <select
          name="maxInstallments"
          defaultValue={String(maxInstallments)}
          className="w-60 rounded-md border border-stone-300 bg-white px-3 py-2 min-h-11"
        >
          {choices.map((count) => (
            <option key={count} value={count}>
              {count === 1 ? t("singleOnly") : t("upTo", { count })}
            </option>
          ))}
        </select>
        <span className="text-stone-600">{t("installmentsHint")}</span>
      </label>
      <Footer state={state} pending={pending} label={common("save")} />
    </form>
  );
}
