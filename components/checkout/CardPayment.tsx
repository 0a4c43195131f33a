"use client";

import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import { loadStripe, type Stripe } from "@stripe/stripe-js";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";

function PayButton({ orderNo, total }: { orderNo: string; total: string }) {
  const t = useTranslations("checkout");
  const stripe = useStripe();
  const elements = useElements();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={async (event) => {
        event.preventDefault();
        if (!stripe || !elements) return;
        setBusy(true);
        setError(null);
        // Stripe.js runs 3-D Secure itself and comes back to the order page, which confirms with the server.
        const result = await stripe.confirmPayment({
          elements,
          confirmParams: { return_url: `${window.location.origin}/orders/${orderNo}` },
        });
        if (result.error) setError(t("payError", { message: result.error.message ?? "" }));
        setBusy(false);
      }}
    >
      <PaymentElement />
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={!stripe || busy}
        className="rounded-md bg-accent-600 px-5 py-3 font-semibold text-white hover:bg-accent-700 disabled:opacity-60"
      >
        {busy ? t("payProcessing") : `${t("payNow")} · ${total}`}
      </button>
    </form>
  );
}

/** The Payment Element for a placed card order: card data goes from the browser to Stripe only. */
export function CardPayment({
  orderNo,
  clientSecret,
  publishableKey,
  total,
}: {
  orderNo: string;
  clientSecret: string;
  publishableKey: string | null;
  total: string;
}) {
  const t = useTranslations("checkout");
  const stripePromise = useMemo<Promise<Stripe | null> | null>(
    () => (publishableKey ? loadStripe(publishableKey) : null),
    [publishableKey],
  );
  return (
    <section className="mx-auto flex max-w-lg flex-col gap-4" aria-labelledby="pay-heading">
      <h2 id="pay-heading" className="text-xl font-semibold">
        {t("payTitle")} · {orderNo}
      </h2>
      {stripePromise ? (
        <Elements stripe={stripePromise} options={{ clientSecret }}>
          <PayButton orderNo={orderNo} total={total} />
        </Elements>
      ) : (
        <p role="alert" className="text-sm text-red-700">
          {t("cardUnavailable")}
        </p>
      )}
    </section>
  );
}
