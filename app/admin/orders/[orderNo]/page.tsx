import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { retryRefundsAction } from "@/app/actions/admin";
import { decodeParam } from "@/app/admin/decode-param";
import { AdminPage } from "@/components/admin/AdminPage";
import { dateTimeFormat } from "@/components/admin/format";
import { OrderTransitions, RefundForm } from "@/components/admin/OrderActions";
import { ShipmentForm } from "@/components/admin/ShipmentForm";
import { StatusBadge } from "@/components/admin/StatusBadge";
import { ParcelEvents } from "@/components/checkout/ParcelView";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import { InvoiceList } from "@/components/invoices/InvoiceList";
import type { AddressSnapshot } from "@/db/schema";
import { requireStaff } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { currentLocale } from "@/lib/i18n/server";
import { devOutboxOf } from "@/lib/invoices/earsiv";
import { invoicesOf } from "@/lib/invoices/service";
import { hasOrderContract } from "@/lib/legal/contracts";
import { formatMoney } from "@/lib/money";
import { getAdminOrder } from "@/lib/orders/staff";
import { returnsOfOrder } from "@/lib/returns/service";
import { SHIPPABLE } from "@/lib/shipments/service";
import { configuredCarriers } from "@/lib/shipping/carriers";

type Params = Promise<{ orderNo: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { orderNo } = await params;
  const t = await getTranslations("admin.orders.detail");
  return {
    title: t("title", { orderNo: decodeParam(orderNo) }),
    robots: { index: false, follow: false },
  };
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="rounded-lg border border-stone-200 bg-white p-4" data-testid={testId}>
      <h2 className="mb-3 font-semibold">{title}</h2>
      {children}
    </section>
  );
}

function Address({ address }: { address: AddressSnapshot }) {
  return (
    <address className="text-sm not-italic leading-6">
      <div className="font-medium">{address.name}</div>
      <div>{address.line1}</div>
      {address.line2 && <div>{address.line2}</div>}
      <div>
        {[address.district, address.city].filter(Boolean).join(" / ")} {address.postalCode}
      </div>
      <div>{address.country}</div>
      <div className="text-stone-600">{address.phone}</div>
    </address>
  );
}

/** One order for staff: what was bought and paid, where it goes, what happened, and what can be done next. */
export default async function AdminOrderPage({ params }: { params: Params }) {
  const orderNo = decodeParam((await params).orderNo).slice(0, 40);
  await requireStaff(`/admin/orders/${encodeURIComponent(orderNo)}`);
  const [order, locale, hasContract, legal] = await Promise.all([
    getAdminOrder(getDb(), orderNo),
    currentLocale(),
    hasOrderContract(getDb(), orderNo),
    getTranslations("legal.order"),
  ]);
  if (!order) notFound();
  const [t, list, statuses, events, refundText] = await Promise.all([
    getTranslations("admin.orders.detail"),
    getTranslations("admin.orders"),
    getTranslations("orders.statuses"),
    getTranslations("orders.events"),
    getTranslations("admin.orders.refund"),
  ]);
  const parcels = await getTranslations("admin.orders.shipments");
  const [invoiceText, invoices, outbox] = await Promise.all([
    getTranslations("invoices"),
    invoicesOf(getDb(), order.id),
    devOutboxOf(getDb(), order.id),
  ]);
  const [returns, returnText] = await Promise.all([
    returnsOfOrder(getDb(), order.id),
    getTranslations("returns"),
  ]);
  const actions = await getTranslations("admin.orders.actions");
  const date = dateTimeFormat(locale);
  const money = (amount: number) => formatMoney(amount, order.currency, locale);
  const cardRefund =
    order.paymentMethod === "card" &&
    ["paid", "processing"].includes(order.status) &&
    order.totals.refundable > 0
      ? money(order.totals.refundable)
      : null;
  const pendingRefunds = order.refunds.some((r) => r.state === "pending");
  const totals: [string, number, string?][] = [
    [t("subtotal"), order.totals.subtotal],
    [t("discount"), -order.totals.discount],
    [t("shipping"), order.totals.shipping],
    [t("fees"), order.totals.fees],
    [order.totals.taxIncluded ? `${t("tax")} (${t("taxIncluded")})` : t("tax"), order.totals.tax],
    [t("total"), order.totals.total, "font-semibold"],
    [t("refunded"), -order.totals.refunded, "text-orange-700"],
    [t("refundable"), order.totals.refundable],
  ];

  return (
    <AdminPage
      title={t("title", { orderNo: order.orderNo })}
      back={{ href: "/admin/orders", label: t("backToList") }}
      actions={<StatusBadge status={order.status} label={statuses(order.status)} />}
    >
      <p className="text-sm text-stone-600">
        {t("placedAt", { date: date.format(new Date(order.placedAt)) })} ·{" "}
        {list(`methods.${order.paymentMethod}`)} · <span className="break-all">{order.email}</span> ·{" "}
        {order.userId ? t("account") : t("guest")} · {t("language", { locale: order.locale })}
        {hasContract && (
          <>
            {" · "}
            <Link
              href={`/orders/${encodeURIComponent(order.orderNo)}/contract`}
              className="text-brand-700 underline"
              data-testid="order-contract"
            >
              {legal("link")}
            </Link>
          </>
        )}
      </p>

      <div className="grid gap-4 lg:grid-cols-3">
        <div className="flex flex-col gap-4 lg:col-span-2">
          <Section title={t("lines")} testId="order-lines">
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead className="border-b border-stone-200 text-stone-600">
                  <tr>
                    <th scope="col" className="py-2 pr-3 font-medium">
                      {t("product")}
                    </th>
                    <th scope="col" className="py-2 pr-3 text-right font-medium">
                      {t("qty")}
                    </th>
                    <th scope="col" className="py-2 pr-3 text-right font-medium">
                      {t("unitPrice")}
                    </th>
                    <th scope="col" className="py-2 text-right font-medium">
                      {t("lineTotal")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {order.items.map((item) => (
                    <tr key={item.id} className="border-b border-stone-100 last:border-0 align-top">
                      <td className="py-2 pr-3">
                        <div className="font-medium">{item.name}</div>
                        <div className="text-xs text-stone-500">
                          {item.variantName} · {t("sku")}{" "}
                          <Link
                            href={`/admin/inventory/${encodeURIComponent(item.sku)}`}
                            className="underline"
                          >
                            {item.sku}
                          </Link>
                          {item.restocked > 0 && ` · ${t("restocked")}: ${item.restocked}`}
                        </div>
                      </td>
                      <td className="py-2 pr-3 text-right tabular-nums">{item.qty}</td>
                      <td className="py-2 pr-3 text-right whitespace-nowrap tabular-nums">
                        {money(item.unitPrice)}
                      </td>
                      <td className="py-2 text-right whitespace-nowrap tabular-nums">
                        {money(item.lineTotal)}
                        {item.discount > 0 && (
                          <div className="text-xs text-emerald-700">
                            {t("lineDiscount")} −{money(item.discount)}
                          </div>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <dl
              className="mt-3 ml-auto grid max-w-sm grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-sm"
              data-testid="order-totals"
            >
              {totals.map(([label, amount, style]) => (
                <div key={label} className={`contents ${style ?? ""}`}>
                  <dt>{label}</dt>
                  <dd className="text-right tabular-nums">{money(amount)}</dd>
                </div>
              ))}
            </dl>
            {order.coupons.length > 0 && (
              <p className="mt-2 text-sm text-stone-600">
                {t("coupons")}: {order.coupons.map((c) => `${c.code} (−${money(c.discount)})`).join(", ")}
              </p>
            )}
          </Section>

          <div className="grid gap-4 sm:grid-cols-2">
            <Section title={t("shippingAddress")}>
              <Address address={order.shippingAddress} />
              <p className="mt-2 text-sm text-stone-600">
                {t("shippingMethod")}: {String(order.shippingMethod.name ?? "")} (
                {String(order.shippingMethod.carrier ?? "")})
              </p>
            </Section>
            <Section title={t("billingAddress")}>
              <Address address={order.billingAddress} />
            </Section>
          </div>

          <Section title={t("payments")}>
            <ul className="flex flex-col gap-1 text-sm">
              {order.payments.map((p) => (
                <li key={p.id} className="flex flex-wrap justify-between gap-2">
                  <span>
                    {t("paymentAttempt", { attempt: p.attempt })} · {list(`methods.${p.method}`)} ·{" "}
                    {p.provider} · {p.status}
                    {p.providerPaymentId && (
                      <span className="ml-1 text-xs text-stone-500">
                        {t("reference")}: {p.providerPaymentId}
                      </span>
                    )}
                    {p.failureReason && (
                      <span className="block text-xs text-red-800">
                        {p.failureReason}
                        {p.failureCode || p.failureMessage
                          ? ` — ${p.failureCode ?? ""} ${p.failureMessage ?? ""}`
                          : ""}
                      </span>
                    )}
                  </span>
                  <span className="tabular-nums">
                    {money(p.amount)}
                    {p.paidAmount !== null && p.paidAmount !== p.amount && (
                      <span className="block text-xs text-stone-500">
                        {t("charged", { amount: money(p.paidAmount), count: p.installments ?? 1 })}
                      </span>
                    )}
                  </span>
                </li>
              ))}
            </ul>
          </Section>

          <Section title={t("refunds")} testId="order-refunds">
            {order.refunds.length === 0 ? (
              <p className="text-sm text-stone-600">{t("noRefunds")}</p>
            ) : (
              <ul className="flex flex-col gap-2 text-sm">
                {order.refunds.map((r) => (
                  <li key={r.id} className="flex flex-wrap justify-between gap-2">
                    <span>
                      {date.format(new Date(r.createdAt))} · {r.reason} · {r.actor}
                      <span
                        className={`ml-2 text-xs ${r.state === "pending" ? "text-red-700" : "text-stone-500"}`}
                      >
                        {t(`refundStates.${r.state}`)}
                      </span>
                      {r.iban && <span className="ml-2 text-xs text-stone-600">IBAN {r.iban}</span>}
                    </span>
                    <span className="tabular-nums">−{money(r.amount)}</span>
                  </li>
                ))}
              </ul>
            )}
            {pendingRefunds && (
              <Form action={retryRefundsAction} hidden={{ orderNo: order.orderNo }} className="mt-3">
                <SubmitButton look="danger">{t("retryRefunds")}</SubmitButton>
              </Form>
            )}
          </Section>

          <Section title={invoiceText("documents")} testId="order-invoices">
            <InvoiceList
              orderNo={order.orderNo}
              invoices={invoices}
              currency={order.currency}
              locale={locale}
              staff={{ outbox }}
            />
          </Section>

          <Section title={t("shipments")} testId="order-shipments">
            {order.shipments.length === 0 ? (
              <p className="text-sm text-stone-600">{t("noShipments")}</p>
            ) : (
              <ul className="flex flex-col gap-3 text-sm">
                {order.shipments.map((s) => (
                  <li key={s.id} data-testid="parcel" className="rounded-md border border-stone-200 p-3">
                    <div className="flex flex-wrap items-center gap-x-2">
                      <span className="font-medium">
                        #{s.id} {s.carrier}
                        {s.service ? ` (${s.service})` : ""}
                      </span>
                      · <span data-testid="parcel-status">{parcels(`statuses.${s.status}`)}</span>
                      {s.trackingNo && (
                        <>
                          ·{" "}
                          {s.trackingUrl ? (
                            <a href={s.trackingUrl} className="underline" data-testid="tracking-no">
                              {s.trackingNo}
                            </a>
                          ) : (
                            <span data-testid="tracking-no">{s.trackingNo}</span>
                          )}
                        </>
                      )}
                      {s.labelReady && (
                        <a
                          href={`/api/admin/shipments/${s.id}/label`}
                          className="font-medium text-orange-800 underline"
                          data-testid="label-link"
                        >
                          {parcels("label")}
                        </a>
                      )}
                    </div>
                    <div className="text-stone-600">
                      {s.lines.map((line) => `${line.qty} × ${line.sku}`).join(", ")}
                      {s.shippedAt && ` · ${t("shippedAt", { date: date.format(new Date(s.shippedAt)) })}`}
                      {s.deliveredAt &&
                        ` · ${t("deliveredAt", { date: date.format(new Date(s.deliveredAt)) })}`}
                    </div>
                    {s.error && <p className="text-red-700">{parcels("failed", { error: s.error })}</p>}
                    {s.events.length > 0 && <ParcelEvents events={s.events} locale={locale} />}
                  </li>
                ))}
              </ul>
            )}
            {SHIPPABLE.includes(order.status) && order.unshipped.length > 0 && (
              <div className="mt-4 border-t border-stone-200 pt-3">
                <h3 className="mb-2 font-medium">{parcels("title")}</h3>
                <ShipmentForm
                  orderNo={order.orderNo}
                  carriers={configuredCarriers()}
                  lines={order.unshipped.map((line) => ({
                    ...line,
                    name: order.items.find((item) => item.sku === line.sku)?.name ?? line.sku,
                  }))}
                />
              </div>
            )}
          </Section>

          {returns.length > 0 && (
            <Section title={returnText("admin.orderReturns")} testId="order-returns">
              <ul className="flex flex-col gap-1 text-sm">
                {returns.map((item) => (
                  <li key={item.returnNo} className="flex flex-wrap items-center gap-2">
                    <Link
                      href={`/admin/returns/${item.returnNo}`}
                      className="font-medium underline hover:no-underline"
                    >
                      {item.returnNo}
                    </Link>
                    <StatusBadge status={item.status} label={returnText(`statuses.${item.status}`)} />
                    <span className="text-stone-600">
                      {item.lines.map((line) => `${line.sku} ×${line.qty}`).join(", ")}
                    </span>
                  </li>
                ))}
              </ul>
            </Section>
          )}

          <Section title={t("timeline")} testId="order-timeline">
            <ol className="flex flex-col gap-2 text-sm">
              {order.timeline.map((event) => (
                <li
                  key={event.id}
                  className="flex flex-wrap justify-between gap-x-4 border-l-2 border-stone-200 pl-3"
                >
                  <span>
                    <span className="font-medium">
                      {events.has(event.type as "placed") ? events(event.type as "placed") : event.type}
                    </span>
                    {event.to && event.from && (
                      <span className="text-stone-500">
                        {" "}
                        ({statuses(event.from as "paid")} → {statuses(event.to as "paid")})
                      </span>
                    )}
                    {event.note && <span> — {event.note}</span>}
                    <span className="text-stone-500"> · {event.actor}</span>
                  </span>
                  <time dateTime={event.at} className="text-stone-500">
                    {date.format(new Date(event.at))}
                  </time>
                </li>
              ))}
            </ol>
          </Section>
        </div>

        <div className="flex flex-col gap-4">
          <Section title={actions("title")} testId="order-actions">
            <OrderTransitions
              orderNo={order.orderNo}
              status={order.status}
              allowed={order.allowedTransitions}
              carrier={String(order.shippingMethod.carrier ?? "")}
              cardRefund={cardRefund}
            />
          </Section>
          <Section title={refundText("title")}>
            {order.refundable ? (
              <>
                <p className="mb-2 text-xs text-stone-500">{refundText("cardNote")}</p>
                <RefundForm
                  orderNo={order.orderNo}
                  idempotencyKey={randomUUID()}
                  currency={order.currency}
                  locale={locale}
                  refundable={order.totals.refundable}
                  lines={order.items.map((i) => ({
                    sku: i.sku,
                    name: i.name,
                    qty: i.qty,
                    restocked: i.restocked,
                  }))}
                />
              </>
            ) : (
              <p className="text-sm text-stone-600">{refundText("notRefundable")}</p>
            )}
          </Section>
        </div>
      </div>
    </AdminPage>
  );
}
