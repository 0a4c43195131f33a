"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { type CheckoutState, retryPaymentAction } from "@/app/actions/checkout";

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
  const [state, action, pending] = useActionState<CheckoutState, FormData>(retryPaymentAction, {});
  return (
    <form action={action} className="flex flex-col gap-2 rounded-md bg-amber-50 p-4 text-sm text-amber-900">
      <input type="hidden" name="orderNo" value={orderNo} />
      {reason && (
        <p data-testid="payment-failure">
          {t("paymentFailedWhy", { reason: t(`failureReasons.${reason}` as "failureReasons.other") })}
        </p>
      )}
      <p>{t("payBefore", { time: until })}</p>
      {providers.length > 1 && (
        <label className="flex items-center gap-2">
          {t("retryWith")}
          <select
            name="provider"
            defaultValue={providers[0]}
            className="rounded-md border border-amber-300 bg-white px-2 py-1"
          >
            {providers.map((provider) => (
              <option key={provider} value={provider}>
                {t(`providers.${provider}` as "providers.iyzico")}
              </option>
            ))}
          </select>
        </label>
      )}
      <button
        type="submit"
        disabled={pending}
        className="self-start rounded-md bg-accent-600 px-4 py-2 font-semibold text-white hover:bg-accent-700"
      >
        {t("retryPayment")}
      </button>
      {state.error && <p role="alert">{state.error}</p>}
    </form>
  );
}
