import { getTranslations } from "next-intl/server";
import type { PaymentSession } from "@/lib/payments/provider";
import { CardPayment } from "./CardPayment";

/**
 * The open card payment of an order, as its provider takes it: a link to iyzico's payment page, PayTR's
 * payment page in an iframe (it sends the whole window back to the order page when done), or Stripe's
 * Payment Element. Card data only ever goes to the provider.
 */
export async function PaymentStep({
  orderNo,
  session,
  total,
}: {
  orderNo: string;
  session: PaymentSession;
  total: string;
}) {
  const t = await getTranslations("orders");
  if (session.provider === "stripe") {
    return (
      <CardPayment
        orderNo={orderNo}
        clientSecret={session.clientSecret}
        publishableKey={session.publishableKey}
        total={total}
      />
    );
  }
  return (
    <section
      aria-labelledby="pay-heading"
      className="flex flex-col gap-3 rounded-lg border border-stone-200 bg-white p-4"
    >
      <h2 id="pay-heading" className="font-semibold">
        {t("continuePayment")} · {total}
      </h2>
      {session.provider === "iyzico" ? (
        <>
          <p className="text-sm text-stone-600">{t("iyzicoNote")}</p>
          <a
            href={session.paymentPageUrl}
            className="self-start rounded-md bg-accent-600 px-5 py-3 font-semibold text-white hover:bg-accent-700"
          >
            {t("payWithIyzico")}
          </a>
        </>
      ) : (
        <iframe
          src={session.iframeUrl}
          title={t("paytrFrame")}
          className="h-[40rem] w-full rounded-md border border-stone-200"
        />
      )}
    </section>
  );
}
