import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { OrderView } from "@/components/checkout/OrderView";
import { PaymentStep } from "@/components/checkout/PaymentStep";
import { RetryPayment } from "@/components/checkout/RetryPayment";
import { InvoiceList } from "@/components/invoices/InvoiceList";
import { MessagePage } from "@/components/layout/NotFoundMessage";
import { OrderReturns } from "@/components/returns/OrderReturns";
import { OrderReviewLinks } from "@/components/reviews/OrderReviewLinks";
import { getCurrentUser } from "@/lib/auth/session";
import { paymentInstructions } from "@/lib/checkout/service";
import { getDb } from "@/lib/db";
import { dateFormat } from "@/lib/i18n/dates";
import { currentLocale } from "@/lib/i18n/server";
import { invoicesOf } from "@/lib/invoices/service";
import { hasOrderContract } from "@/lib/legal/contracts";
import { log } from "@/lib/log";
import { formatMoney } from "@/lib/money";
import { canViewOrder } from "@/lib/orders/access";
import { orderDetails } from "@/lib/orders/details";
import { confirmFromProvider } from "@/lib/payments/events";
import { cardProvider, configuredProviders } from "@/lib/payments/settings";
import { returnsForOrderPage } from "@/lib/returns/service";
import { reviewableProducts } from "@/lib/reviews/service";

type Props = {
  params: Promise<{ orderNo: string }>;
  searchParams: Promise<{ payment_intent?: string; payment?: string }>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations("orders");
  return { title: t("title", { orderNo: (await params).orderNo }), robots: { index: false } };
}

/** The signed-in buyer's received products still to review (none for a guest or another viewer). */
async function reviewsToWrite(orderId: string) {
  const user = await getCurrentUser();
  return user ? reviewableProducts(getDb(), orderId, user.id) : [];
}

export default async function OrderPage({ params, searchParams }: Props) {
  const locale = await currentLocale();
  const [{ orderNo }, query, t, tc, ti, tl] = await Promise.all([
    params,
    searchParams,
    getTranslations("orders"),
    getTranslations("checkout"),
    getTranslations("invoices"),
    getTranslations("legal.order"),
  ]);
  const found = await orderDetails(getDb(), orderNo.slice(0, 40));
  if (!found) notFound();
  if (!(await canViewOrder(found))) {
    return (
      <MessagePage
        title={t("title", { orderNo: found.orderNo })}
        text={t("forbidden")}
        action={{ href: "/orders/track", label: t("trackTitle") }}
      />
    );
  }
  // Back from the provider's page (3-D Secure): ask the provider now instead of waiting for its notification.
  let order = found;
  if ((query.payment_intent || query.payment === "return") && found.paymentMethod === "card") {
    await confirmFromProvider(getDb(), found.orderNo).catch((error) =>
      log.error({ err: error }, "Payment confirm failed"),
    );
    order = (await orderDetails(getDb(), found.orderNo)) ?? found;
  }
  const hasContract = await hasOrderContract(getDb(), order.orderNo);
  const offline = order.paymentMethod === "bank_transfer" || order.paymentMethod === "cash_on_delivery";
  const total = formatMoney(order.total, order.currency, locale);
  const windowOpen = order.paymentDueAt !== null && new Date(order.paymentDueAt) > new Date();
  const until = order.paymentDueAt
    ? dateFormat(locale, { timeStyle: "short" }).format(new Date(order.paymentDueAt))
    : "";
  // The store's provider first: a retry offers it by default.
  const preferred = order.status === "payment_failed" ? (await cardProvider(getDb()))?.name : undefined;
  const retryProviders = configuredProviders()
    .map((provider) => provider.name)
    .sort((a, b) => Number(b === preferred) - Number(a === preferred));
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold" data-testid="order-no">
          {t("title", { orderNo: order.orderNo })}
        </h1>
        <p className="mt-1 text-brand-700">{t("thanks")}</p>
      </div>
      {offline && order.status === "awaiting_confirmation" && (
        <p className="rounded-md bg-brand-50 p-4 text-sm text-brand-800" data-testid="payment-instructions">
          {paymentInstructions(
            order.paymentMethod as "bank_transfer" | "cash_on_delivery",
            { orderNo: order.orderNo, total: order.total, currency: order.currency },
            locale,
          )}
        </p>
      )}
      {order.status === "pending_payment" && windowOpen && order.payment?.session && (
        <PaymentStep orderNo={order.orderNo} session={order.payment.session} total={total} />
      )}
      {order.paymentMethod === "card" && order.status === "payment_failed" && windowOpen && (
        <RetryPayment
          orderNo={order.orderNo}
          until={until}
          reason={order.payment?.failureReason ?? null}
          providers={retryProviders}
        />
      )}
      {order.payment?.status === "succeeded" && (order.payment.installments ?? 1) > 1 && (
        <p className="text-sm text-stone-600" data-testid="paid-installments">
          {t("paidInstallments", {
            count: order.payment.installments ?? 1,
            total: formatMoney(order.payment.paidAmount ?? order.total, order.currency, locale),
          })}
        </p>
      )}
      <OrderView order={order} locale={locale} />
      <section className="rounded-lg border border-stone-200 bg-white p-4">
        <h2 className="mb-2 font-semibold">{ti("documents")}</h2>
        <InvoiceList
          orderNo={order.orderNo}
          invoices={await invoicesOf(getDb(), order.id)}
          currency={order.currency}
          locale={locale}
        />
      </section>
      <OrderReturns
        orderNo={order.orderNo}
        currency={order.currency}
        paymentMethod={order.paymentMethod}
        panel={await returnsForOrderPage(getDb(), order.id)}
        locale={locale}
      />
      <OrderReviewLinks products={await reviewsToWrite(order.id)} />
      <section className="grid gap-4 text-sm sm:grid-cols-2">
        {[order.shippingAddress, order.billingAddress].map((a, i) => (
          <address
            key={i === 0 ? "shipping" : "billing"}
            className="rounded-lg border border-stone-200 bg-white p-4 not-italic"
          >
            <p className="text-stone-500">{i === 0 ? tc("shippingAddress") : tc("billingAddress")}</p>
            <p className="font-semibold">{a.name}</p>
            <p>{a.line1}</p>
            {a.line2 && <p>{a.line2}</p>}
            <p>
              {a.district ? `${a.district}, ` : ""}
              {a.city} {a.postalCode}
            </p>
            <p>{a.country}</p>
          </address>
        ))}
      </section>
      {hasContract && (
        <Link
          href={`/orders/${encodeURIComponent(order.orderNo)}/contract`}
          className="text-sm text-brand-700 underline"
          data-testid="order-contract"
        >
          {tl("link")}
        </Link>
      )}
    </div>
  );
}
