import type { AddressSnapshot, InvoiceBuyer, InvoiceKind } from "@/db/schema";
import { allocate } from "@/lib/money";
import { mulDiv } from "@/lib/pricing/rounding";
import type { Seller } from "@/lib/seller/settings";
import { amountInWords } from "./words";

/** One printed line; amounts in kuruş as the order's prices are (KDV included when `taxIncluded`). */
export interface InvoiceLine {
  description: string;
  sku: string | null;
  qty: number;
  unitPrice: number;
  /** qty × unit price, before discount. */
  gross: number;
  discount: number;
  /** gross − discount: what the line costs. */
  amount: number;
  /** null for shipping and fees, whose rate the order does not keep apart. */
  rateBp: number | null;
  tax: number;
}

/**
 * Everything an invoice or credit note prints, frozen when it is issued (invoices.document). Amounts are
 * the order's own figures (its lines, KDV per rate and totals as priced at checkout), never recomputed.
 */
export interface InvoiceDocument {
  kind: InvoiceKind;
  number: string;
  uuid: string;
  /** ISO time, and the date printed (Istanbul). */
  issuedAt: string;
  issueDate: string;
  orderNo: string;
  currency: string;
  taxIncluded: boolean;
  seller: Seller;
  buyer: {
    type: "individual" | "corporate";
    name: string;
    nationalId?: string;
    taxOffice?: string;
    taxNumber?: string;
    email: string;
    address: AddressSnapshot;
  };
  lines: InvoiceLine[];
  /** KDV per rate: base (as the order's tax lines have it) and amount. */
  taxes: { rateBp: number; base: number; amount: number }[];
  totals: { subtotal: number; discount: number; shipping: number; fees: number; tax: number; total: number };
  amountInWords: string;
  /** A credit note's invoice and refund. */
  invoiceNumber?: string;
  refund?: { id: string; reason: string };
}

/** The order columns an invoice is made from (`pricing` as lib/checkout/service.ts stores it). */
export interface OrderForInvoice {
  order_no: string;
  email: string;
  currency: string;
  tax_included: boolean;
  subtotal: string;
  discount: string;
  shipping: string;
  fees: string;
  tax: string;
  total: string;
  billing_address: AddressSnapshot;
  invoice_buyer: InvoiceBuyer | null;
  pricing: {
    taxLines: { rateBp: number; base: number; amount: number }[];
    feeLines: { kind: string; amount: number }[];
    shippingTax: number;
    feesTax: number;
  };
}

export interface ItemForInvoice {
  id: number;
  sku: string;
  name: string;
  variant_name: string;
  qty: number;
  unit_price: string;
  line_total: string;
  discount: string;
  tax: string;
  tax_rate_bp: number;
}

export function buyerOf(order: OrderForInvoice): InvoiceDocument["buyer"] {
  const chosen = order.invoice_buyer ?? { type: "individual" };
  const base = { email: order.email, address: order.billing_address };
  if (chosen.type === "corporate") {
    const { name, taxOffice, taxNumber } = chosen;
    return { type: "corporate", name, taxOffice, taxNumber, ...base };
  }
  const name = chosen.name || order.billing_address.name;
  return {
    type: "individual",
    name,
    ...(chosen.nationalId ? { nationalId: chosen.nationalId } : {}),
    ...base,
  };
}

export function itemLine(item: ItemForInvoice): InvoiceLine {
  const gross = Number(item.line_total);
  const discount = Number(item.discount);
  return {
    description: item.variant_name ? `${item.name} – ${item.variant_name}` : item.name,
    sku: item.sku,
    qty: item.qty,
    unitPrice: Number(item.unit_price),
    gross,
    discount,
    amount: gross - discount,
    rateBp: item.tax_rate_bp,
    tax: Number(item.tax),
  };
}

/** A charge line (shipping, a fee) of one unit. */
export function chargeLine(description: string, amount: number, tax: number): InvoiceLine {
  return {
    description,
    sku: null,
    qty: 1,
    unitPrice: amount,
    gross: amount,
    discount: 0,
    amount,
    rateBp: null,
    tax,
  };
}

/** The invoice of an order: its lines, shipping, fees, KDV per rate and totals exactly as the order has them. */
export function invoiceBody(
  order: OrderForInvoice,
  items: ItemForInvoice[],
  labels: { shipping: string; fee: (kind: string) => string },
): Pick<InvoiceDocument, "lines" | "taxes" | "totals" | "amountInWords"> {
  const shipping = Number(order.shipping);
  const fees = order.pricing.feeLines ?? [];
  const feeTaxes = allocate(
    order.pricing.feesTax ?? 0,
    fees.map((fee) => fee.amount),
  );
  const lines = [
    ...items.map(itemLine),
    ...(shipping > 0 ? [chargeLine(labels.shipping, shipping, order.pricing.shippingTax ?? 0)] : []),
    ...fees.map((fee, i) => chargeLine(labels.fee(fee.kind), fee.amount, feeTaxes[i] ?? 0)),
  ];
  const total = Number(order.total);
  return {
    lines,
    taxes: order.pricing.taxLines,
    totals: {
      subtotal: Number(order.subtotal),
      discount: Number(order.discount),
      shipping,
      fees: Number(order.fees),
      tax: Number(order.tax),
      total,
    },
    amountInWords: amountInWords(total),
  };
}

/** The KDV inside a tax-inclusive amount at a rate, rounded as the pricing engine does. */
const taxInside = (amount: number, rateBp: number) => amount - mulDiv(amount, 10000, 10000 + rateBp);

/**
 * A credit note's body. Refunded lines (a refund of given units) print those units with their share of the
 * line's amount and KDV; a refund of an amount alone is split over the invoice's KDV rates in proportion to
 * their bases, each part's KDV taken out as the engine does (a refund of everything so gives back the
 * invoice's own KDV per rate).
 */
export function creditBody(
  invoice: InvoiceDocument,
  amount: number,
  refunded: { item: ItemForInvoice; qty: number }[],
  label: (rateBp: number) => string,
): Pick<InvoiceDocument, "lines" | "taxes" | "totals" | "amountInWords"> {
  const fromItems = refunded.reduce((sum, r) => sum + shareOf(r.item, r.qty, "amount"), 0);
  let lines: InvoiceLine[];
  if (refunded.length > 0 && fromItems === amount) {
    lines = refunded.map(({ item, qty }) => {
      const line = itemLine(item);
      const share = shareOf(item, qty, "amount");
      const gross = qty === item.qty ? line.gross : line.unitPrice * qty;
      return { ...line, qty, gross, discount: gross - share, amount: share, tax: shareOf(item, qty, "tax") };
    });
  } else {
    const rates = invoice.taxes.length > 0 ? invoice.taxes : [{ rateBp: 0, base: 1, amount: 0 }];
    const parts = allocate(
      amount,
      rates.map((t) => t.base),
    );
    lines = rates
      .map((t, i) => ({ rateBp: t.rateBp, part: parts[i] ?? 0 }))
      .filter((p) => p.part > 0)
      .map(({ rateBp, part }) => ({
        ...chargeLine(label(rateBp), part, taxInside(part, rateBp)),
        rateBp,
      }));
  }
  const byRate = new Map<number, { base: number; amount: number }>();
  for (const line of lines) {
    const rate = line.rateBp ?? 0;
    const sum = byRate.get(rate) ?? { base: 0, amount: 0 };
    byRate.set(rate, { base: sum.base + line.amount, amount: sum.amount + line.tax });
  }
  const taxes = [...byRate].map(([rateBp, sum]) => ({ rateBp, ...sum })).sort((a, b) => b.rateBp - a.rateBp);
  const tax = taxes.reduce((sum, t) => sum + t.amount, 0);
  const discount = lines.reduce((sum, line) => sum + line.discount, 0);
  return {
    lines,
    taxes,
    totals: { subtotal: amount + discount, discount, shipping: 0, fees: 0, tax, total: amount },
    amountInWords: amountInWords(amount),
  };
}

/** What `qty` units of a line were paid (or their KDV): the same share a refund of them takes (lib/orders/refunds.ts). */
export function shareOf(item: ItemForInvoice, qty: number, of: "amount" | "tax"): number {
  const whole = of === "amount" ? Number(item.line_total) - Number(item.discount) : Number(item.tax);
  return qty === item.qty ? whole : Math.floor((whole * qty) / item.qty);
}
