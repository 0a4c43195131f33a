import { getTranslations } from "next-intl/server";
import { StatusBadge } from "@/components/admin/StatusBadge";
import { dateFormat } from "@/lib/i18n/dates";
import type { Locale } from "@/lib/i18n/locale";
import { formatMoney } from "@/lib/money";
import type { ReturnView } from "@/lib/returns/service";

/**
 * One return as the buyer and staff see it: number, status, lines with reasons, how to send the parcel
 * (the carrier's return code, else the seller's address), the refund, the steps. Staff notes are shown to
 * staff only (`staff`).
 */
export async function ReturnSummary({
  item,
  currency,
  locale,
  staff = false,
}: {
  item: ReturnView;
  currency: string;
  locale: Locale;
  staff?: boolean;
}) {
  const t = await getTranslations("returns");
  const date = dateFormat(locale);
  const carrierNames = await getTranslations("orders.carrierNames");
  return (
    <article
      className="flex flex-col gap-3 rounded-lg border border-stone-200 bg-white p-4 text-sm"
      data-testid={`return-${item.returnNo}`}
    >
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-semibold">{t("returnNo", { returnNo: item.returnNo })}</h3>
        <span data-testid="return-status" data-status={item.status}>
          <StatusBadge status={item.status} label={t(`statuses.${item.status}`)} />
        </span>
      </header>
      <ul className="divide-y divide-stone-100">
        {item.lines.map((line) => (
          <li key={line.sku} className="flex flex-wrap justify-between gap-2 py-1.5">
            <span>
              {line.name} <span className="text-stone-500">· {line.variant}</span> × {line.qty}
            </span>
            <span className="text-stone-600">
              {t(`reasons.${line.reason}`)}
              {line.received !== undefined && ` · ${t("admin.received")}: ${line.received}`}
            </span>
          </li>
        ))}
      </ul>
      {item.note && (
        <p className="text-stone-600">
          {t("admin.buyerNote")}: {item.note}
        </p>
      )}
      {item.status !== "rejected" && item.status !== "refunded" && (
        <div className="rounded-md bg-brand-50 p-3 text-brand-900" data-testid="return-shipping">
          {item.returnCode ? (
            <>
              <p>
                {t("returnCode")}: <strong data-testid="return-code">{item.returnCode}</strong>
              </p>
              <p className="text-xs">
                {t("returnCodeHint", {
                  carrier: carrierNames.has(item.carrier ?? "")
                    ? carrierNames(item.carrier as "simulated")
                    : (item.carrier ?? ""),
                })}
              </p>
            </>
          ) : (
            item.instructions && <p>{t("instructions", item.instructions)}</p>
          )}
        </div>
      )}
      {item.refund && (
        <p className="font-medium" data-testid="return-refund">
          {t("refundedAmount", { amount: formatMoney(item.refund.amount, currency, locale) })}
          {item.refund.iban && ` ${t("ibanTransfer", { iban: item.refund.iban })}`}
          {staff && ` (${t(`admin.refund_state.${item.refund.state}`)})`}
        </p>
      )}
      <section>
        <h4 className="mb-1 text-xs font-semibold tracking-wide text-stone-500 uppercase">{t("timeline")}</h4>
        <ol className="flex flex-col gap-1">
          {item.timeline.map((event) => (
            <li
              key={event.type}
              className="flex flex-wrap justify-between gap-x-4 border-l-2 border-stone-200 pl-3"
            >
              <span>
                {t(`events.${event.type}` as "events.return_requested")}
                {staff && ` · ${event.actor}`}
                {event.note && (staff || event.type === "return_requested") && (
                  <span className="text-stone-500"> — {event.note}</span>
                )}
              </span>
              <time dateTime={event.at} className="text-stone-500">
                {date.format(new Date(event.at))}
              </time>
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
