import { dateFormat } from "@/lib/i18n/dates";
import { translator } from "@/lib/i18n/translate";
import { formatMoney } from "@/lib/money";
import type { Totals } from "@/lib/pricing/engine";
import type { Seller } from "@/lib/seller/settings";

/**
 * The legal texts are plain text written by staff, turned into HTML here and only here, so a body can
 * never carry markup or script: every character of it is escaped. The syntax is small on purpose:
 *
 * - A blank line starts a new paragraph; a single line break stays a line break.
 * - A line starting with `## ` at the top of a paragraph is a heading; a paragraph whose lines all start
 *   with `- ` is a list.
 * - `{{name}}` is replaced by a value of the document (escaped too); see PLACEHOLDERS for the names.
 * - `{{items}}` and `{{totals}}`, each alone in its paragraph, become the table of the lines and of the
 *   amounts.
 *
 * The documents are in Turkish, as the law asks of a Turkish shop's contracts, whatever the page's language.
 */

/** What a pre-information form or contract is about: a cart being checked out, or an order's snapshot. */
export interface LegalDocument {
  seller: Seller;
  buyer: { name: string; email: string; phone: string; address: string };
  delivery: { address: string; method: string; time: string };
  billingAddress: string;
  /** The payment method's key (card, cash_on_delivery, bank_transfer) or "" when not chosen yet. */
  paymentMethod: string;
  /** "" before the order exists. */
  orderNo: string;
  date: Date;
  currency: string;
  items: { name: string; sku: string; qty: number; unitPrice: number; lineTotal: number; rateBp: number }[];
  totals: Totals;
  /** Where a buyer starts a return (the order page, reached through order tracking). */
  returnsUrl: string;
}

const LOCALE = "tr";

/** A document about no purchase (the KVKK notice): only the seller is known, the rest is blank. */
export function sellerOnlyDocument(seller: Seller, currency: string, returnsUrl: string): LegalDocument {
  return {
    seller,
    buyer: { name: "", email: "", phone: "", address: "" },
    delivery: { address: "", method: "", time: "" },
    billingAddress: "",
    paymentMethod: "",
    orderNo: "",
    date: new Date(),
    currency,
    items: [],
    totals: { subtotal: 0, discount: 0, shipping: 0, fees: 0, tax: 0, total: 0, taxIncluded: true },
    returnsUrl,
  };
}

const SCALARS = {
  "seller.legalName": (d) => d.seller.legalName,
  "seller.address": (d) => `${d.seller.address}, ${d.seller.district} / ${d.seller.city}`,
  "seller.taxOffice": (d) => d.seller.taxOffice,
  "seller.taxNumber": (d) => d.seller.taxNumber,
  "seller.mersisNo": (d) => d.seller.mersisNo || "-",
  "seller.phone": (d) => d.seller.phone,
  "seller.email": (d) => d.seller.email,
  "seller.kepAddress": (d) => d.seller.kepAddress || "-",
  "buyer.name": (d) => d.buyer.name,
  "buyer.email": (d) => d.buyer.email,
  "buyer.phone": (d) => d.buyer.phone,
  "buyer.address": (d) => d.buyer.address,
  "billing.address": (d) => d.billingAddress,
  "delivery.address": (d) => d.delivery.address,
  "delivery.method": (d) => d.delivery.method,
  "delivery.time": (d) => d.delivery.time,
  "payment.method": (d) => (d.paymentMethod ? translator(LOCALE, "checkout")(d.paymentMethod as "card") : ""),
  "order.no": (d) => d.orderNo,
  "order.date": (d) => dateFormat(LOCALE, { dateStyle: "long" }).format(d.date),
  "order.total": (d) => formatMoney(d.totals.total, d.currency, LOCALE),
  "returns.url": (d) => d.returnsUrl,
} satisfies Record<string, (document: LegalDocument) => string>;

const BLOCKS = {
  items: itemsTable,
  totals: totalsTable,
} satisfies Record<string, (document: LegalDocument) => string>;

/** Every placeholder a body may use, for the editor's help and the check at save. */
export const PLACEHOLDERS = [...Object.keys(SCALARS), ...Object.keys(BLOCKS)];

const PLACEHOLDER = /\{\{\s*([a-zA-Z.]+)\s*\}\}/g;

/** The placeholders of a body that do not exist (shown to staff instead of saving). */
export function unknownPlaceholders(body: string): string[] {
  const names = [...body.matchAll(PLACEHOLDER)].map((match) => match[1] ?? "");
  return [...new Set(names.filter((name) => !PLACEHOLDERS.includes(name)))];
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** One line of a body: escaped, with its scalar placeholders filled in (unknown ones stay as typed). */
function inline(text: string, document: LegalDocument | null): string {
  return escapeHtml(text).replace(PLACEHOLDER, (whole, name: string) => {
    const value = SCALARS[name as keyof typeof SCALARS];
    if (!value) return whole;
    return document ? escapeHtml(value(document)) : `<mark>${escapeHtml(name)}</mark>`;
  });
}

/**
 * A body as HTML, for a document (or, with null, as a template whose placeholders are shown by name:
 * the KVKK notice, and staff's view of a version).
 */
export function renderLegalText(body: string, document: LegalDocument | null): string {
  const html = body
    .replaceAll("\r\n", "\n")
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => {
      const block = /^\{\{\s*(items|totals)\s*\}\}$/.exec(paragraph)?.[1] as keyof typeof BLOCKS | undefined;
      if (block) return document ? BLOCKS[block](document) : `<p><mark>${block}</mark></p>`;
      const lines = paragraph.split("\n").map((line) => line.trim());
      // A heading is its paragraph's first line; the lines under it are the paragraph.
      const heading = lines[0]?.startsWith("## ")
        ? `<h3>${inline(lines.shift()?.slice(3) ?? "", document)}</h3>`
        : "";
      if (lines.length === 0) return heading;
      if (lines.every((line) => line.startsWith("- "))) {
        return `${heading}<ul>${lines.map((line) => `<li>${inline(line.slice(2), document)}</li>`).join("")}</ul>`;
      }
      return `${heading}<p>${lines.map((line) => inline(line, document)).join("<br>")}</p>`;
    })
    .join("\n");
  return `<div class="legal-text">\n${html}\n</div>`;
}

function money(amount: number, document: LegalDocument): string {
  return escapeHtml(formatMoney(amount, document.currency, LOCALE));
}

function itemsTable(document: LegalDocument): string {
  const t = translator(LOCALE, "legal");
  const head = [
    t("document.product"),
    t("document.sku"),
    t("document.qty"),
    document.totals.taxIncluded ? t("document.unitPriceWithTax") : t("document.unitPriceWithoutTax"),
    t("document.taxRate"),
    t("document.lineTotal"),
  ]
    .map((label) => `<th>${escapeHtml(label)}</th>`)
    .join("");
  const rows = document.items
    .map(
      (item) =>
        `<tr><td>${escapeHtml(item.name)}</td><td>${escapeHtml(item.sku)}</td><td>${item.qty}</td>` +
        `<td>${money(item.unitPrice, document)}</td><td>%${item.rateBp / 100}</td>` +
        `<td>${money(item.lineTotal, document)}</td></tr>`,
    )
    .join("");
  return `<table class="legal-items"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function totalsTable(document: LegalDocument): string {
  const t = translator(LOCALE, "legal");
  const { subtotal, discount, shipping, fees, tax, total, taxIncluded } = document.totals;
  const rows: [string, string][] = [
    [t("document.subtotal"), money(subtotal, document)],
    ...(discount > 0 ? [[t("document.discount"), `-${money(discount, document)}`] as [string, string]] : []),
    [t("document.shipping"), money(shipping, document)],
    ...(fees > 0 ? [[t("document.fees"), money(fees, document)] as [string, string]] : []),
    [taxIncluded ? t("document.taxIncluded") : t("document.tax"), money(tax, document)],
    [t("document.total"), money(total, document)],
  ];
  const body = rows
    .map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${value}</td></tr>`)
    .join("");
  return `<table class="legal-totals"><tbody>${body}</tbody></table>`;
}
