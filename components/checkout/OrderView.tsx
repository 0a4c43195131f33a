import { getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/locale";
import { formatMoney } from "@/lib/money";

interface ViewOrder {
  orderNo: string;
  status: string;
  placedAt: string;
  currency: string;
  items: { sku: string; name: string; variant: string; qty: number; unitPrice: number }[];
  totals: { subtotal: number; discount: number; shipping: number; tax: number; fees: number; total: number };
  shipments: { carrier: string; trackingNo: string; status: string }[];
  timeline: { type: string; at: string; note?: string | null }[];
}

/** The order as a shopper sees it: used by the order page and by tracking (which has no address). */
export async function OrderView({ order, locale }: { order: ViewOrder; locale: Locale }) {
  const t = await getTranslations("orders");
  const tp = await getTranslations("pricing");
  const money = (amount: number) => formatMoney(amount, order.currency, locale);
  const date = (iso: string) =>
    new Intl.DateTimeFormat(locale === "tr" ? "tr-TR" : "en-GB", {
      dateStyle: "medium",
      timeStyle: "short",
    }).format(new Date(iso));
  return (
    <div className="flex flex-col gap-6">
      <dl className="grid grid-cols-2 gap-3 rounded-lg border border-stone-200 bg-white p-4 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-stone-500">{t("status")}</dt>
          <dd className="font-semibold" data-testid="order-status">
            {t(`statuses.${order.status}` as "statuses.paid")}
          </dd>
        </div>
        <div>
          <dt className="text-stone-500">{t("placedAt")}</dt>
          <dd>{date(order.placedAt)}</dd>
        </div>
        <div>
          <dt className="text-stone-500">{tp("total")}</dt>
          <dd className="font-semibold">{money(order.totals.total)}</dd>
        </div>
      </dl>
      <section aria-labelledby="items-heading" className="rounded-lg border border-stone-200 bg-white p-4">
        <h2 id="items-heading" className="mb-3 font-semibold">
          {t("items")}
        </h2>
        <ul className="divide-y divide-stone-100 text-sm">
          {order.items.map((item) => (
            <li key={item.sku} className="flex justify-between gap-2 py-2">
              <span>
                {item.name} <span className="text-stone-500">· {item.variant}</span> × {item.qty}
              </span>
              <span>{money(item.unitPrice * item.qty)}</span>
            </li>
          ))}
        </ul>
        <dl className="mt-3 flex flex-col gap-1 border-t border-stone-200 pt-3 text-sm">
          <div className="flex justify-between">
            <dt>{tp("subtotal")}</dt>
            <dd>{money(order.totals.subtotal)}</dd>
          </div>
          {order.totals.discount > 0 && (
            <div className="flex justify-between">
              <dt>{tp("discountPlain")}</dt>
              <dd>−{money(order.totals.discount)}</dd>
            </div>
          )}
          <div className="flex justify-between">
            <dt>{tp("shipping")}</dt>
            <dd>{order.totals.shipping === 0 ? tp("free") : money(order.totals.shipping)}</dd>
          </div>
          {order.totals.fees > 0 && (
            <div className="flex justify-between">
              <dt>{tp("fee.cash_on_delivery")}</dt>
              <dd>{money(order.totals.fees)}</dd>
            </div>
          )}
          <div className="flex justify-between text-stone-600">
            <dt>{tp("taxIncludedPlain")}</dt>
            <dd>{money(order.totals.tax)}</dd>
          </div>
          <div className="flex justify-between font-semibold">
            <dt>{tp("total")}</dt>
            <dd data-testid="order-total">{money(order.totals.total)}</dd>
          </div>
        </dl>
      </section>
      {order.shipments.length > 0 && (
        <section
          aria-labelledby="shipment-heading"
          className="rounded-lg border border-stone-200 bg-white p-4 text-sm"
        >
          <h2 id="shipment-heading" className="mb-2 font-semibold">
            {t("shipment")}
          </h2>
          {order.shipments.map((s) => (
            <p key={s.trackingNo} data-testid="shipment">
              {s.carrier} · {t("trackingNo")}: <span className="font-mono">{s.trackingNo}</span>
            </p>
          ))}
        </section>
      )}
      <section
        aria-labelledby="timeline-heading"
        className="rounded-lg border border-stone-200 bg-white p-4 text-sm"
      >
        <h2 id="timeline-heading" className="mb-2 font-semibold">
          {t("timeline")}
        </h2>
        <ol className="flex flex-col gap-1">
          {order.timeline.map((event, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the timeline is append-only and already ordered
            <li key={index} className="flex justify-between gap-2">
              <span>
                {t.has(`events.${event.type}` as "events.placed")
                  ? t(`events.${event.type}` as "events.placed")
                  : event.type}
                {event.note ? ` — ${event.note}` : ""}
              </span>
              <time dateTime={event.at} className="text-stone-500">
                {date(event.at)}
              </time>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
