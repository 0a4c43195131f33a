import { getTranslations } from "next-intl/server";
import type { InvoiceSummary } from "@/lib/invoices/service";
import { formatMoney } from "@/lib/money";

/** Where an order's documents download from (docs/API.md): the invoice, and each credit note by number. */
export function invoiceHref(orderNo: string, invoice: Pick<InvoiceSummary, "kind" | "number">): string {
  const order = encodeURIComponent(orderNo);
  return invoice.kind === "invoice"
    ? `/api/orders/${order}/invoice`
    : `/api/orders/${order}/credit-notes/${encodeURIComponent(invoice.number)}`;
}

/**
 * An order's invoice and credit notes as download links, for the shopper's order page and (with where each
 * stands at the e-Arşiv integrator, and what the development integrator recorded) the admin order page.
 */
export async function InvoiceList({
  orderNo,
  invoices,
  currency,
  locale,
  staff,
}: {
  orderNo: string;
  invoices: InvoiceSummary[];
  currency: string;
  locale: string;
  staff?: { outbox: { number: string; reference: string; payload: string }[] };
}) {
  const t = await getTranslations("invoices");
  if (invoices.length === 0) return <p className="text-sm text-stone-600">{t("notReady")}</p>;
  return (
    <div className="flex flex-col gap-3 text-sm">
      <ul className="flex flex-col gap-2" data-testid="invoices">
        {invoices.map((invoice) => (
          <li key={invoice.number} className="flex flex-wrap items-center justify-between gap-2">
            <a
              href={invoiceHref(orderNo, invoice)}
              className="text-brand-700 underline"
              data-testid={invoice.kind === "invoice" ? "invoice-link" : "credit-note-link"}
            >
              {t(invoice.kind === "invoice" ? "invoice" : "creditNote", { number: invoice.number })}
            </a>
            <span className="flex items-center gap-3">
              {staff && (
                <span className="text-xs text-stone-600" title={invoice.earsiv.error ?? undefined}>
                  {t("earsiv")} ({invoice.earsiv.integrator}):{" "}
                  {t(`earsivStatus.${invoice.earsiv.status as "pending"}`)}
                  {invoice.earsiv.reference ? ` · ${invoice.earsiv.reference}` : ""}
                  {invoice.earsiv.attempts > 1
                    ? ` · ${t("earsivAttempts", { count: invoice.earsiv.attempts })}`
                    : ""}
                </span>
              )}
              <span className="tabular-nums">
                {invoice.kind === "credit_note" ? "−" : ""}
                {formatMoney(invoice.total, currency, locale)}
              </span>
            </span>
          </li>
        ))}
      </ul>
      {staff && staff.outbox.length > 0 && (
        <details data-testid="earsiv-outbox">
          <summary className="cursor-pointer text-stone-600">{t("devOutbox")}</summary>
          {staff.outbox.map((sent) => (
            <div key={sent.reference} className="mt-2">
              <p className="font-medium">
                {sent.number} · {sent.reference}
              </p>
              <pre className="max-h-64 overflow-auto rounded bg-stone-50 p-2 text-xs">{sent.payload}</pre>
            </div>
          ))}
        </details>
      )}
    </div>
  );
}
