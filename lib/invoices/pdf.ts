import { readFile } from "node:fs/promises";
import { join } from "node:path";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, type PDFFont, type PDFPage, rgb } from "pdf-lib";
import { translator } from "@/lib/i18n/translate";
import { formatMoney } from "@/lib/money";
import type { InvoiceDocument, InvoiceLine } from "./document";

/**
 * An invoice or credit note as a PDF (A4), drawn from its stored document with pdf-lib like the shipping
 * labels (lib/shipping/carriers/label.ts). The standard PDF fonts cannot write ş, ğ, ı or İ, and an invoice
 * must print names exactly, so DejaVu Sans (the dejavu-fonts-ttf package) is embedded through fontkit.
 */

const FONT_DIR = join(process.cwd(), "node_modules", "dejavu-fonts-ttf", "ttf");
let fonts: Promise<[Uint8Array, Uint8Array]> | undefined;
const fontFiles = () =>
  (fonts ??= Promise.all([
    readFile(join(FONT_DIR, "DejaVuSans.ttf")),
    readFile(join(FONT_DIR, "DejaVuSans-Bold.ttf")),
  ]));

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 40;
const GREY = rgb(0.35, 0.35, 0.35);

/** Table columns: x of their right edge (amounts) or left edge (the description). */
const COLUMNS = { item: MARGIN, qty: 300, unitPrice: 370, rate: 422, tax: 485, amount: A4[0] - MARGIN };

export async function renderInvoicePdf(document: InvoiceDocument): Promise<Uint8Array> {
  const t = translator("tr", "invoices");
  const money = (amount: number) => formatMoney(amount, document.currency, "tr");
  const percent = (rateBp: number) => `%${(rateBp / 100).toLocaleString("tr-TR")}`;
  const credit = document.kind === "credit_note";

  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const [regularBytes, boldBytes] = await fontFiles();
  const regular = await pdf.embedFont(regularBytes, { subset: true });
  const bold = await pdf.embedFont(boldBytes, { subset: true });
  const title = credit ? t("pdf.creditNote") : t("pdf.invoice");
  pdf.setTitle(`${title} ${document.number}`);
  pdf.setAuthor(document.seller.legalName);

  let page: PDFPage = pdf.addPage(A4);
  let y = A4[1] - MARGIN;
  const newPage = () => {
    page = pdf.addPage(A4);
    y = A4[1] - MARGIN;
  };
  const text = (
    value: string,
    x: number,
    options: { size?: number; font?: PDFFont; right?: boolean } = {},
  ) => {
    const size = options.size ?? 9;
    const font = options.font ?? regular;
    const at = options.right ? x - font.widthOfTextAtSize(value, size) : x;
    page.drawText(value, { x: at, y, size, font });
  };
  /** Cuts a text to fit a width (long product names in the table). */
  const clip = (value: string, width: number, size = 9) => {
    let cut = value;
    while (cut.length > 1 && regular.widthOfTextAtSize(cut, size) > width) cut = cut.slice(0, -1);
    return cut === value ? value : `${cut.slice(0, -1)}…`;
  };
  /** A line of text at the left margin, then down. */
  const row = (value: string, size = 9, font = regular) => {
    text(value, MARGIN, { size, font });
    y -= size * 1.4;
  };

  // Seller (left) and the document's identity (right).
  const s = document.seller;
  const top = y;
  row(s.legalName, 11, bold);
  row(s.address);
  row(`${s.district} / ${s.city}`);
  row(`${t("pdf.taxOffice")}: ${s.taxOffice}   ${t("pdf.taxNumber")}: ${s.taxNumber}`);
  if (s.mersisNo) row(`${t("pdf.mersis")}: ${s.mersisNo}`);
  row(`${t("pdf.phone")}: ${s.phone}   ${t("pdf.email")}: ${s.email}`);
  const afterSeller = y;
  y = top;
  text(title, A4[0] - MARGIN, { size: 14, font: bold, right: true });
  y -= 20;
  const identity: [string, string][] = [
    [t("pdf.number"), document.number],
    [t("pdf.date"), document.issueDate],
    [t("pdf.orderNo"), document.orderNo],
    ...(document.invoiceNumber ? [[t("pdf.against"), document.invoiceNumber] as [string, string]] : []),
    [t("pdf.ettn"), document.uuid],
  ];
  for (const [label, value] of identity) {
    text(`${label}: ${value}`, A4[0] - MARGIN, { right: true });
    y -= 12.6;
  }
  y = Math.min(y, afterSeller) - 14;

  // Buyer.
  const b = document.buyer;
  row(t("pdf.buyer"), 8, bold);
  row(b.name, 11, bold);
  if (b.type === "corporate")
    row(`${t("pdf.taxOffice")}: ${b.taxOffice}   ${t("pdf.taxNumber")}: ${b.taxNumber}`);
  else if (b.nationalId) row(`${t("pdf.nationalId")}: ${b.nationalId}`);
  const a = b.address;
  row([a.line1, a.line2].filter(Boolean).join(", "));
  row(`${a.postalCode} ${a.district ? `${a.district} / ` : ""}${a.city} ${a.country}`);
  row(`${t("pdf.email")}: ${b.email}   ${t("pdf.phone")}: ${a.phone}`);
  y -= 10;

  // Lines.
  const header = () => {
    text(t("pdf.item"), COLUMNS.item, { font: bold, size: 8 });
    text(t("pdf.qty"), COLUMNS.qty, { font: bold, size: 8, right: true });
    text(t("pdf.unitPrice"), COLUMNS.unitPrice, { font: bold, size: 8, right: true });
    text(t("pdf.rate"), COLUMNS.rate, { font: bold, size: 8, right: true });
    text(t("pdf.tax"), COLUMNS.tax, { font: bold, size: 8, right: true });
    text(t("pdf.amount"), COLUMNS.amount, { font: bold, size: 8, right: true });
    y -= 4;
    page.drawLine({ start: { x: MARGIN, y }, end: { x: A4[0] - MARGIN, y }, thickness: 0.5, color: GREY });
    y -= 11;
  };
  header();
  const line = (l: InvoiceLine) => {
    if (y < MARGIN + 40) {
      newPage();
      header();
    }
    text(
      clip(l.sku ? `${l.description} (${l.sku})` : l.description, COLUMNS.qty - COLUMNS.item - 40),
      COLUMNS.item,
    );
    text(`${l.qty} ${t("pdf.unit")}`, COLUMNS.qty, { right: true });
    text(money(l.unitPrice), COLUMNS.unitPrice, { right: true });
    text(l.rateBp === null ? "" : percent(l.rateBp), COLUMNS.rate, { right: true });
    text(money(l.tax), COLUMNS.tax, { right: true });
    text(money(l.amount), COLUMNS.amount, { right: true });
    y -= 11;
    if (l.discount > 0) {
      text(`${t("pdf.discount")}: −${money(l.discount)}`, COLUMNS.item + 10, { size: 8 });
      y -= 11;
    }
  };
  document.lines.forEach(line);
  page.drawLine({
    start: { x: MARGIN, y: y + 6 },
    end: { x: A4[0] - MARGIN, y: y + 6 },
    thickness: 0.5,
    color: GREY,
  });
  y -= 8;

  // Totals, KDV per rate, the amount in words.
  if (y < MARGIN + 140) newPage();
  const total = (label: string, value: string, font = regular, size = 9) => {
    text(label, COLUMNS.tax, { right: true, font, size });
    text(value, COLUMNS.amount, { right: true, font, size });
    y -= size * 1.5;
  };
  const totals = document.totals;
  total(t("pdf.subtotal"), money(totals.subtotal));
  if (totals.discount > 0) total(t("pdf.totalDiscount"), `−${money(totals.discount)}`);
  if (totals.shipping + totals.fees > 0) total(t("pdf.charges"), money(totals.shipping + totals.fees));
  for (const tax of document.taxes) {
    total(
      t("pdf.taxAt", { rate: (tax.rateBp / 100).toLocaleString("tr-TR"), base: money(tax.base) }),
      money(tax.amount),
    );
  }
  total(credit ? t("pdf.creditTotal") : t("pdf.total"), money(totals.total), bold, 11);
  y -= 6;
  text(document.amountInWords, MARGIN, { font: bold });
  y -= 13;
  if (document.taxIncluded) text(t("pdf.taxIncluded"), MARGIN, { size: 8 });

  return pdf.save();
}
