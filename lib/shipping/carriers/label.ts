import { PDFDocument, StandardFonts } from "pdf-lib";
import { toDecimalText } from "@/lib/money";
import type { Label, ParcelRequest } from "./carrier";
import { plainTurkish } from "./http";

/**
 * A 10×15 cm shipping label as a PDF, one page per piece, for carriers whose integration has the sender
 * print the label (Aras and Yurtiçi read the piece code on it at pick-up; the simulated carrier issues it
 * as its own). pdf-lib writes valid PDFs in plain JavaScript with no native or system dependency, which
 * keeps the label working offline and on serverless hosts.
 */

export interface LabelContent {
  carrierTitle: string;
  /** The code printed large (and on the barcode line) per piece, in piece order. */
  pieceCodes: string[];
  trackingNo: string;
  parcel: ParcelRequest;
  sender: string;
}

/**
 * The standard PDF fonts cover Latin-1 only; ğ, ş, ı, İ and their capitals are written as their base letters
 * (as carriers' own labels often are) rather than embedding a font file.
 */
const latin1 = (value: string) => plainTurkish(value).replace(/[^\u0020-\u00FF]/g, "?");

const MM = 72 / 25.4;

export async function renderLabel(content: LabelContent): Promise<Label> {
  const pdf = await PDFDocument.create();
  // Metadata is Unicode; only the drawn text is limited to the standard fonts.
  pdf.setTitle(`${content.carrierTitle} ${content.trackingNo}`);
  pdf.setCreator(content.sender);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const mono = await pdf.embedFont(StandardFonts.CourierBold);
  const { parcel } = content;
  const r = parcel.recipient;
  const pieces = content.pieceCodes.length;

  content.pieceCodes.forEach((code, index) => {
    const page = pdf.addPage([100 * MM, 150 * MM]);
    const left = 6 * MM;
    let y = 150 * MM - 12 * MM;
    const line = (value: string, size = 9, font = regular) => {
      page.drawText(latin1(value), { x: left, y, size, font, maxWidth: 88 * MM });
      y -= size * 1.35;
    };
    line(content.carrierTitle, 16, bold);
    line(`Sipariş ${parcel.orderNo}   Parça ${index + 1}/${pieces}`, 10);
    y -= 4;
    line("ALICI", 8, bold);
    line(r.name, 12, bold);
    line(r.line1);
    if (r.line2) line(r.line2);
    line(`${r.postalCode} ${r.district} / ${r.city}`, 10, bold);
    line(`Tel: ${r.phone}`);
    y -= 4;
    line(`Gönderen: ${content.sender}`, 8);
    line(`İçerik: ${parcel.contents}`, 8);
    line(`${parcel.desi} desi · ${(parcel.weightGrams / 1000).toFixed(1)} kg`, 8);
    if (parcel.codAmount && parcel.codAmount > 0) {
      y -= 2;
      line(`KAPIDA ÖDEME: ${toDecimalText(parcel.codAmount, "TRY")} TL`, 12, bold);
    }
    // The code as large text: what the carrier's staff key in when no scanner reads the label.
    page.drawText(latin1(code), { x: left, y: 22 * MM, size: 20, font: mono });
    page.drawText(latin1(`Takip no: ${content.trackingNo}`), { x: left, y: 14 * MM, size: 9, font: regular });
  });
  return { contentType: "application/pdf", data: Buffer.from(await pdf.save()) };
}
