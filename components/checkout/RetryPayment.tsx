"use client";

import { useTranslations } from "next-intl";
import { retryPaymentAction } from "@/app/actions/checkout";
import { Select } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";

/**
 * Shown on a card order whose payment failed while its payment window still runs: why it failed, and a
 * new attempt with the store's provider or another configured one.
 */
export function RetryPayment({
  orderNo,
  until,
  reason,
  providers,
}: {
  orderNo: string;
  until: string;
  reason: string | null;
  providers: string[];
}) {
  const t = useTranslations("orders");
  return (
    <Form
      action={retryPaymentAction}
      hidden={{ orderNo }}
      values={{ provider: providers[0] }}
      idPrefix="retry"
      className="flex flex-col gap-2 rounded-md bg-amber-50 p-4 text-sm text-amber-900"
    >
      {reason && (
        <p data-testid="payment-failure">
          {t("paymentFailedWhy", { reason: t(`failureReasons.${reason}` as "failureReasons.other") })}
        </p>
      )}
      <p>{t("payBefore", { time: until })}</p>
      {providers.length > 1 && (
        <Select name="provider" label={t("retryWith")} className="self-start">
          {providers.map((provider) => (
            <option key={provider} value={provider}>
              {t(`providers.${provider}` as "providers.iyzico")}
            </option>
          ))}
        </Select>
      )}
      <SubmitButton
        look="none"
        className="self-start rounded-md bg-accent-600 px-4 py-2 font-semibold text-white hover:bg-accent-700"
      >
        {t("retryPayment")}
      </SubmitButton>
    </Form>
  );
}
