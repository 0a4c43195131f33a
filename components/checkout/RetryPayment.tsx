"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { type CheckoutState, retryPaymentAction } from "@/app/actions/checkout";
import { CardPayment } from "./CardPayment";

/** Shown on a card order whose payment failed while its payment window still runs. */
export function RetryPayment({ orderNo, total, until }: { orderNo: string; total: string; until: string }) {
  const t = useTranslations("orders");
  const [state, action, pending] = useActionState<CheckoutState, FormData>(retryPaymentAction, {});
  if (state.card) return <CardPayment {...state.card} total={total} />;
  return (
    <form action={action} className="flex flex-col gap-2 rounded-md bg-amber-50 p-4 text-sm text-amber-900">
      <input type="hidden" name="orderNo" value={orderNo} />
      <p>{t("payBefore", { time: until })}</p>
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
