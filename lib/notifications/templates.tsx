import "server-only";
import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  Section,
  Text,
  toPlainText,
} from "@react-email/components";
import { asc, eq } from "drizzle-orm";
import { createTranslator } from "next-intl";
import type { CSSProperties, ReactElement, ReactNode } from "react";
import type { Database, Transaction } from "@/db/client";
import { orderItems, orders } from "@/db/schema";
import { env } from "@/lib/env";
import { DEFAULT_LOCALE, isLocale, type Locale } from "@/lib/i18n/locale";
import { formatMoney } from "@/lib/money";
import type { Totals } from "@/lib/pricing/engine";
import { messages } from "@/messages";
import type { EmailKind, EmailMessage } from "./emails";

/** What an email shows of an order: its snapshot columns, never the live catalogue. */
export interface EmailOrder extends Totals {
  orderNo: string;
  currency: string;
  /** The order's own language, used when the message does not name one. */
  locale: string;
  billingName: string;
  items: { name: string; variantName: string; qty: number; lineTotal: number }[];
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** The store-wide parts of every email; taken from the environment unless given (tests, previews). */
export interface EmailSite {
  storeName: string;
  appUrl: string;
}

/** An email that can never be rendered (unknown order, missing data): retrying would not help. */
export class EmailContentError extends Error {
  override name = "EmailContentError";
}

/** Reads the order snapshot and its lines by order number; null when there is no such order. */
export async function loadEmailOrder(
  db: Database | Transaction,
  orderNo: string,
): Promise<EmailOrder | null> {
  const [order] = await db
    .select({
      id: orders.id,
      orderNo: orders.orderNo,
      currency: orders.currency,
      locale: orders.locale,
      billingAddress: orders.billingAddress,
      taxIncluded: orders.taxIncluded,
      subtotal: orders.subtotal,
      discount: orders.discount,
      shipping: orders.shipping,
      tax: orders.tax,
      fees: orders.fees,
      total: orders.total,
    })
    .from(orders)
    .where(eq(orders.orderNo, orderNo))
    .limit(1);
  if (!order) return null;
  const items = await db
    .select({
      name: orderItems.name,
      variantName: orderItems.variantName,
      qty: orderItems.qty,
      lineTotal: orderItems.lineTotal,
    })
    .from(orderItems)
    .where(eq(orderItems.orderId, order.id))
    .orderBy(asc(orderItems.id));
  const { id: _id, billingAddress, ...rest } = order;
  return { ...rest, billingName: billingAddress?.name ?? "", items };
}

function translator(locale: Locale) {
  return createTranslator({ locale, messages: messages[locale], namespace: "email" });
}

type T = ReturnType<typeof translator>;

const SUBJECT_KEYS = {
  order_received: "subject.order_received",
  payment_confirmed: "subject.payment_confirmed",
  payment_failed: "subject.payment_failed",
  shipped: "subject.shipped",
  out_for_delivery: "subject.out_for_delivery",
  delivered: "subject.delivered",
  refunded: "subject.refunded",
  return_requested: "subject.return_requested",
  return_approved: "subject.return_approved",
  return_rejected: "subject.return_rejected",
  return_received: "subject.return_received",
} as const satisfies Record<EmailKind, string>;

const INTRO_KEYS = {
  order_received: "intro.order_received",
  payment_confirmed: "intro.payment_confirmed",
  payment_failed: "intro.payment_failed",
  shipped: "intro.shipped",
  out_for_delivery: "intro.out_for_delivery",
  delivered: "intro.delivered",
  refunded: "intro.refunded",
  return_requested: "intro.return_requested",
  return_approved: "intro.return_approved",
  return_rejected: "intro.return_rejected",
  return_received: "intro.return_received",
} as const satisfies Record<EmailKind, string>;

function text(data: EmailMessage["data"], key: string): string | null {
  const value = data?.[key];
  return typeof value === "string" && value.trim() ? value.trim() : null;
}

/**
 * What the event adds to the snapshot, checked: a parcel on its way needs its carrier and tracking number
 * (the carrier's tracking page when there is one), a refund its amount.
 */
export function eventDetails(message: EmailMessage) {
  if (message.kind === "shipped" || message.kind === "out_for_delivery") {
    const carrier = text(message.data, "carrier");
    const trackingNo = text(message.data, "trackingNo");
    if (!carrier || !trackingNo) {
      throw new EmailContentError(`${message.kind} email without data.carrier/trackingNo`);
    }
    return { carrier, trackingNo, trackingUrl: text(message.data, "trackingUrl") };
  }
  if (message.kind === "refunded") {
    const amount = message.data?.amount;
    if (typeof amount !== "number" || !Number.isSafeInteger(amount) || amount <= 0)
      throw new EmailContentError("refunded email without a positive integer data.amount");
    return { refundAmount: amount, returnNo: text(message.data, "returnNo") ?? undefined };
  }
  if (message.kind.startsWith("return_")) {
    const returnNo = text(message.data, "returnNo");
    if (!returnNo) throw new EmailContentError(`${message.kind} email without data.returnNo`);
    return { returnNo };
  }
  return {};
}

interface Props {
  message: EmailMessage;
  order: EmailOrder;
  site: EmailSite;
  locale: Locale;
  t: T;
}

export const styles = {
  body: { backgroundColor: "#f5f5f4", color: "#1c1917", fontFamily: "Helvetica, Arial, sans-serif" },
  container: { backgroundColor: "#ffffff", margin: "24px auto", maxWidth: "600px", padding: "24px" },
  store: { fontSize: "20px", fontWeight: 700, margin: "0 0 16px" },
  paragraph: { fontSize: "15px", lineHeight: "22px", margin: "0 0 12px" },
  muted: { color: "#57534e", fontSize: "13px", lineHeight: "20px" },
  table: { borderCollapse: "collapse", width: "100%", fontSize: "14px" },
  th: { borderBottom: "1px solid #d6d3d1", padding: "6px 4px", textAlign: "left" },
  td: { borderBottom: "1px solid #e7e5e4", padding: "6px 4px", verticalAlign: "top" },
  num: { textAlign: "right", whiteSpace: "nowrap" },
  total: { fontSize: "16px", fontWeight: 700 },
  button: {
    backgroundColor: "#1c1917",
    borderRadius: "6px",
    color: "#ffffff",
    fontSize: "15px",
    padding: "10px 18px",
    textDecoration: "none",
  },
} satisfies Record<string, CSSProperties>;

/** Every email's frame: the store's name, the subject as heading, then the email's own body. */
function EmailFrame({
  locale,
  subject,
  storeName,
  children,
}: {
  locale: Locale;
  subject: string;
  storeName: string;
  children: ReactNode;
}) {
  return (
    <Html lang={locale}>
      <Head />
      <Preview>{subject}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.store}>{storeName}</Text>
          <Heading as="h1" style={{ fontSize: "22px", margin: "0 0 16px" }}>
            {subject}
          </Heading>
          {children}
        </Container>
      </Body>
    </Html>
  );
}

function OrderEmail({ message, order, site, locale, t }: Props) {
  const money = (amount: number) => formatMoney(amount, order.currency, locale);
  const details = eventDetails(message);
  const subject = t(SUBJECT_KEYS[message.kind], { orderNo: order.orderNo, returnNo: details.returnNo ?? "" });
  const intro = t(INTRO_KEYS[message.kind], {
    amount: details.refundAmount === undefined ? "" : money(details.refundAmount),
    returnNo: details.returnNo ?? "",
  });
  const base = site.appUrl.replace(/\/+$/, "");
  const totals: [label: string, value: string, strong?: boolean][] = [
    [t("totals.subtotal"), money(order.subtotal)],
  ];
  if (order.discount > 0) totals.push([t("totals.discount"), `−${money(order.discount)}`]);
  totals.push([t("totals.shipping"), order.shipping === 0 ? t("totals.free") : money(order.shipping)]);
  if (order.fees > 0) totals.push([t("totals.fees"), money(order.fees)]);
  if (order.tax > 0)
    totals.push([order.taxIncluded ? t("totals.taxIncluded") : t("totals.tax"), money(order.tax)]);
  totals.push([t("totals.total"), money(order.total), true]);

  return (
    <EmailFrame locale={locale} subject={subject} storeName={site.storeName}>
      <Text style={styles.paragraph}>{t("greeting", { name: order.billingName })}</Text>
      <Text style={styles.paragraph}>{intro}</Text>
      <Text style={styles.paragraph}>
        {t("orderNo")}: <strong>{order.orderNo}</strong>
      </Text>

      {details.trackingNo !== undefined && (
        <Section style={{ margin: "8px 0 16px" }}>
          <Text style={styles.paragraph}>
            {t("shipped.carrier")}: <strong>{details.carrier}</strong>
            <br />
            {t("shipped.trackingNo")}: <strong>{details.trackingNo}</strong>
          </Text>
          <Button href={details.trackingUrl ?? `${base}/orders/track`} style={styles.button}>
            {t("shipped.track")}
          </Button>
        </Section>
      )}
      {details.refundAmount !== undefined && (
        <Text style={{ ...styles.paragraph, ...styles.total }}>
          {t("refunded.amount")}: {money(details.refundAmount)}
        </Text>
      )}
      {message.kind === "payment_failed" && (
        <Section style={{ margin: "8px 0 16px" }}>
          <Button href={`${base}/orders/${encodeURIComponent(order.orderNo)}`} style={styles.button}>
            {t("paymentFailed.retry")}
          </Button>
        </Section>
      )}

      <Heading as="h2" style={{ fontSize: "17px", margin: "16px 0 8px" }}>
        {t("items.heading")}
      </Heading>
      <table className="data" style={styles.table} cellPadding={0} cellSpacing={0}>
        <thead>
          <tr>
            <th style={styles.th}>{t("items.product")}</th>
            <th style={styles.th}>{t("items.variant")}</th>
            <th style={{ ...styles.th, ...styles.num }}>{t("items.qty")}</th>
            <th style={{ ...styles.th, ...styles.num }}>{t("items.lineTotal")}</th>
          </tr>
        </thead>
        <tbody>
          {order.items.map((item, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: an order's lines never move; names may repeat.
            <tr key={index}>
              <td style={styles.td}>{item.name}</td>
              <td style={styles.td}>{item.variantName}</td>
              <td style={{ ...styles.td, ...styles.num }}>{item.qty}</td>
              <td style={{ ...styles.td, ...styles.num }}>{money(item.lineTotal)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <table
        className="data"
        style={{ ...styles.table, marginTop: "12px" }}
        cellPadding={0}
        cellSpacing={0}
        role="presentation"
      >
        <tbody>
          {totals.map(([label, value, strong]) => (
            <tr key={label} style={strong ? styles.total : undefined}>
              <td style={{ padding: "3px 4px" }}>{label}</td>
              <td style={{ padding: "3px 4px", ...styles.num }}>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <Text style={{ ...styles.paragraph, marginTop: "20px" }}>
        {t("thanks")}
        <br />
        {site.storeName}
      </Text>
      <Hr />
      <Text style={styles.muted}>
        {t("footer", { orderNo: order.orderNo, store: site.storeName })} ·{" "}
        <Link href={base} style={{ color: "#57534e" }}>
          {base}
        </Link>
      </Text>
    </EmailFrame>
  );
}

/** Plain text: tables as columns, headings as written (html-to-text's upper-casing is not Turkish-aware). */
export const PLAIN_TEXT = {
  wordwrap: 100,
  selectors: [
    {
      selector: "table.data",
      format: "dataTable",
      options: { uppercaseHeaderCells: false, maxColumnWidth: 40 },
    },
    { selector: "h1", options: { uppercase: false } },
    { selector: "h2", options: { uppercase: false } },
  ],
} satisfies Parameters<typeof toPlainText>[1];

/** The language of an email: the message's, else the order's, else Turkish. */
export function emailLocale(message: { locale?: string }, order?: Pick<EmailOrder, "locale">): Locale {
  if (isLocale(message.locale)) return message.locale;
  if (order && isLocale(order.locale)) return order.locale;
  return DEFAULT_LOCALE;
}

const XHTML_DOCTYPE =
  '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';

/**
 * An email's HTML as react-email's render() makes it, without its streaming and Suspense: these
 * templates never suspend, and the plain render is about four times cheaper for a worker that sends
 * hundreds a second. Imported when used, as react-email does, so no page bundle carries it.
 */
export async function renderEmail(email: ReactElement): Promise<string> {
  const { renderToStaticMarkup } = await import("react-dom/server");
  return XHTML_DOCTYPE + renderToStaticMarkup(email);
}

/**
 * A short email that is not about an order (back in stock, a webhook endpoint switched off): the store's
 * name, the subject as heading, then the body; rendered with its plain-text twin.
 */
export async function renderShortEmail(
  locale: Locale,
  subject: string,
  site: EmailSite,
  body: ReactNode,
): Promise<RenderedEmail> {
  const html = await renderEmail(
    <EmailFrame locale={locale} subject={subject} storeName={site.storeName}>
      {body}
    </EmailFrame>,
  );
  return { subject, html, text: toPlainText(html, PLAIN_TEXT) };
}

/** Renders one order email (subject, HTML and plain text) in the message's language. */
export async function renderOrderEmail(
  message: EmailMessage,
  order: EmailOrder,
  site: EmailSite = { storeName: env().STORE_NAME, appUrl: env().APP_URL },
): Promise<RenderedEmail> {
  const locale = emailLocale(message, order);
  const t = translator(locale);
  // Checked before rendering, so that a malformed event fails with its own message, not React's.
  const { returnNo } = eventDetails(message);
  const subject = t(SUBJECT_KEYS[message.kind], { orderNo: order.orderNo, returnNo: returnNo ?? "" });
  const html = await renderEmail(
    <OrderEmail message={message} order={order} site={site} locale={locale} t={t} />,
  );
  const plain = toPlainText(html, PLAIN_TEXT);
  return { subject, html, text: plain };
}
