import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { dateFormat } from "@/lib/i18n/dates";
import type { Locale } from "@/lib/i18n/locale";
import { formatMoney } from "@/lib/money";
import type { Tracking } from "@/lib/orders/tracking";
import { ParcelView } from "./ParcelView";

/** What tracking shows; the order page's details carry more, and notes that may be null. */
type ViewOrder = Omit<Tracking, "timeline"> & {
  timeline: { type: string; at: string; note?: string | null }[];
};

/** The order as a shopper sees it: used by the order page and by tracking (which has no address). */
export async function OrderView({ order, locale }: { order: ViewOrder; locale: Locale }) {
  const t = await getTranslations("orders");
  const tp = await getTranslations("pricing");
  const money = (amount: number) => formatMoney(amount, order.currency, locale);
  const date = (iso: string) => dateFormat(locale).format(new Date(iso));
  const { totals } = order;
  const totalLines = [
    { label: tp("subtotal"), value: money(totals.subtotal) },
    totals.discount > 0 && { label: tp("discountPlain"), value: `−${money(totals.discount)}` },
    { label: tp("shipping"), value: totals.shipping === 0 ? tp("free") : money(totals.shipping) },
    totals.fees > 0 && { label: tp("fee.cash_on_delivery"), value: money(totals.fees) },
    { label: tp("taxIncludedPlain"), value: money(totals.tax), className: "text-stone-600" },
  ].filter((line) => line !== false);
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
      <Panel id="items-heading" title={t("items")}>
        <ul className="divide-y divide-stone-100">
          {order.items.map((item) => (
            <li key={item.sku} className="flex justify-between gap-2 py-2">
              <span>
                {item.name} <span className="text-stone-500">· {item.variant}</span> × {item.qty}
              </span>
              <span>{money(item.unitPrice * item.qty)}</span>
            </li>
          ))}
        </ul>
        <dl className="mt-3 flex flex-col gap-1 border-t border-stone-200 pt-3">
          {totalLines.map((line) => (
            <div key={line.label} className={`flex justify-between ${line.className ?? ""}`}>
              <dt>{line.label}</dt>
              <dd>{line.value}</dd>
            </div>
          ))}
          <div className="flex justify-between font-semibold">
            <dt>{tp("total")}</dt>
            <dd data-testid="order-total">{money(order.totals.total)}</dd>
          </div>
        </dl>
      </Panel>
      {order.shipments.length > 0 && (
        <Panel id="shipment-heading" title={t("shipment")}>
          <div className="flex flex-col gap-3 text-sm">
            {order.shipments.map((s) => (
              <ParcelView key={s.id} parcel={s} locale={locale} />
            ))}
          </div>
        </Panel>
      )}
      <Panel id="timeline-heading" title={t("timeline")}>
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
      </Panel>
    </div>
  );
}

function Panel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-stone-200 bg-white p-4 text-sm">
      <h2 id={id} className="mb-3 font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
