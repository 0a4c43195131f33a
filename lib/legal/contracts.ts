import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, Executor, Transaction } from "@/db/client";
import { rows } from "@/db/client";
import { type AddressSnapshot, PAYMENT_METHODS, type PaymentMethod } from "@/db/schema";
import { ADDRESS_LINE_MAX, CITY_MAX, DISTRICT_MAX, NAME_MAX } from "@/lib/accounts/limits";
import { priceCart } from "@/lib/cart/service";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { dateFormat } from "@/lib/i18n/dates";
import type { Locale } from "@/lib/i18n/locale";
import { translator } from "@/lib/i18n/translate";
import { sellerIdentity } from "@/lib/seller/settings";
import { destinationSchema, shippingMethodSchema } from "@/lib/shipping/schemas";
import type { ShippingOption } from "@/lib/shipping/service";
import { escapeHtml, type LegalDocument, renderLegalText, sellerOnlyDocument } from "./render";
import { currentLegalTexts } from "./texts";

/** The KVKK notice (aydınlatma metni) as shown to shoppers, with the seller's identity filled in. */
export async function privacyNotice(
  db: Executor,
): Promise<{ version: number; createdAt: Date; html: string }> {
  const { privacy } = await currentLegalTexts(db);
  const document = sellerOnlyDocument(await sellerIdentity(db), env().STORE_CURRENCY, returnsUrl());
  return {
    version: privacy.version,
    createdAt: privacy.createdAt,
    html: renderLegalText(privacy.body, document),
  };
}

export interface PreContract {
  /** The versions of the two texts the documents were rendered from. */
  version: { preInformation: number; contract: number };
  preInformation: string;
  contract: string;
}

/** Country names as the documents print them (they are always in Turkish). */
const countryNames = new Intl.DisplayNames(["tr"], { type: "region" });
const countryName = (code: string) => {
  try {
    return countryNames.of(code) ?? code;
  } catch {
    return code;
  }
};

/** "Moda Cad. 12, 34710 Kadıköy / İstanbul, Türkiye", leaving out what is not given. */
export function formatAddress(address: Partial<AddressSnapshot>): string {
  const place = [address.postalCode, [address.district, address.city].filter(Boolean).join(" / ")]
    .filter(Boolean)
    .join(" ");
  const country = address.country ? countryName(address.country) : undefined;
  return [address.line1, address.line2, place, country].filter(Boolean).join(", ");
}

function deliveryOf(option: Pick<ShippingOption, "name" | "carrier" | "etaDays"> | null) {
  const t = translator("tr", "legal");
  if (!option) return { method: "", time: "" };
  const { min, max } = option.etaDays;
  return {
    method: `${option.name} (${option.carrier})`,
    time: min === max ? t("document.etaSame", { days: min }) : t("document.eta", { min, max }),
  };
}

function returnsUrl(): string {
  return new URL("/orders/track", env().APP_URL).toString();
}

/** Renders both documents with the current texts. */
async function render(db: Executor, document: LegalDocument): Promise<PreContract> {
  const texts = await currentLegalTexts(db);
  return {
    version: {
      preInformation: texts.pre_information.version,
      contract: texts.distance_contract.version,
    },
    preInformation: renderLegalText(texts.pre_information.body, document),
    contract: renderLegalText(texts.distance_contract.body, document),
  };
}

// What the shopper has typed so far into the checkout; anything missing is left blank in the documents.
const typed = (max: number) => z.string().trim().max(max).default("");
export const preContractInputSchema = z.object({
  shippingMethod: typed(64),
  paymentMethod: typed(64),
  email: typed(254),
  name: typed(NAME_MAX),
  phone: typed(40),
  line1: typed(ADDRESS_LINE_MAX),
  line2: typed(ADDRESS_LINE_MAX),
  district: typed(DISTRICT_MAX),
  city: typed(CITY_MAX),
  postalCode: typed(20),
  country: typed(2),
});
export type PreContractInput = z.infer<typeof preContractInputSchema>;

/**
 * The pre-information form and the distance sales contract for a cart being checked out, with the
 * checkout preview's pricing (nothing is written): 409 CART_EMPTY when there is nothing to buy.
 */
export async function cartPreContract(
  db: Database,
  cartId: string | null,
  input: PreContractInput,
  locale: Locale,
  now = new Date(),
): Promise<PreContract> {
  const destination = destinationSchema.safeParse({ country: input.country, postalCode: input.postalCode });
  const paymentMethod = (PAYMENT_METHODS as readonly string[]).includes(input.paymentMethod)
    ? input.paymentMethod
    : "";
  const priced = await priceCart(db, cartId, {
    destination: destination.success ? destination.data : null,
    shippingMethod: shippingMethodSchema.safeParse(input.shippingMethod).success
      ? input.shippingMethod
      : null,
    paymentMethod: (paymentMethod || null) as PaymentMethod | null,
    locale,
  });
  const byId = new Map(priced.result.lines.map((line) => [line.id, line]));
  const lines = priced.lines.filter((line) => line.active);
  if (priced.empty || lines.length === 0) throw new AppError("CART_EMPTY");
  const address = formatAddress(input);
  return render(db, {
    seller: await sellerIdentity(db),
    buyer: { name: input.name, email: input.email, phone: input.phone, address },
    delivery: { address, ...deliveryOf(priced.shipping) },
    billingAddress: address,
    paymentMethod,
    orderNo: "",
    date: now,
    currency: env().STORE_CURRENCY,
    items: lines.map((line) => ({
      name: `${line.productTr} – ${line.variantTr}`,
      sku: line.sku,
      qty: line.qty,
      unitPrice: line.price,
      lineTotal: byId.get(line.id)?.gross ?? line.price * line.qty,
      rateBp: byId.get(line.id)?.rateBp ?? 0,
    })),
    totals: {
      subtotal: priced.result.subtotal,
      discount: priced.result.discount,
      shipping: priced.result.shipping,
      fees: priced.result.fees,
      tax: priced.result.tax,
      total: priced.result.total,
      taxIncluded: priced.result.taxIncluded,
    },
    returnsUrl: returnsUrl(),
  });
}

interface OrderRow {
  order_no: string;
  email: string;
  currency: string;
  payment_method: string;
  subtotal: string;
  discount: string;
  shipping: string;
  tax: string;
  fees: string;
  total: string;
  tax_included: boolean;
  shipping_address: AddressSnapshot;
  billing_address: AddressSnapshot;
  shipping_method: ShippingOption;
  placed_at: string | Date;
}

/**
 * Called by the checkout in the transaction that writes the order: both documents are rendered from the
 * order's own snapshot (its lines, prices, totals, addresses and methods, as just written) and the
 * current texts, and kept exactly as rendered with the time of acceptance.
 */
export async function acceptContract(tx: Transaction, orderId: string, acceptedAt: Date): Promise<void> {
  const [order] = await rows<OrderRow>(
    tx,
    sql`select order_no, email, currency, payment_method, subtotal, discount, shipping, tax, fees, total,
      tax_included, shipping_address, billing_address, shipping_method, placed_at from orders where id = ${orderId}`,
  );
  if (!order) throw new Error(`order ${orderId} not found for its contract`);
  const items = await rows<{
    name: string;
    variant_name: string;
    sku: string;
    qty: number;
    unit_price: string;
    line_total: string;
    tax_rate_bp: number;
  }>(
    tx,
    sql`select name, variant_name, sku, qty, unit_price, line_total, tax_rate_bp from order_items
      where order_id = ${orderId} order by id`,
  );
  const billing = order.billing_address;
  const documents = await render(tx, {
    seller: await sellerIdentity(tx),
    buyer: { name: billing.name, email: order.email, phone: billing.phone, address: formatAddress(billing) },
    delivery: {
      address: `${order.shipping_address.name}, ${formatAddress(order.shipping_address)}`,
      ...deliveryOf(order.shipping_method),
    },
    billingAddress: formatAddress(billing),
    paymentMethod: order.payment_method,
    orderNo: order.order_no,
    date: new Date(order.placed_at),
    currency: order.currency,
    items: items.map((item) => ({
      name: `${item.name} – ${item.variant_name}`,
      sku: item.sku,
      qty: item.qty,
      unitPrice: Number(item.unit_price),
      lineTotal: Number(item.line_total),
      rateBp: item.tax_rate_bp,
    })),
    totals: {
      subtotal: Number(order.subtotal),
      discount: Number(order.discount),
      shipping: Number(order.shipping),
      fees: Number(order.fees),
      tax: Number(order.tax),
      total: Number(order.total),
      taxIncluded: order.tax_included,
    },
    returnsUrl: returnsUrl(),
  });
  await tx.execute(sql`insert into order_contracts (order_id, pre_information_version, contract_version,
      pre_information, contract, accepted_at)
    values (${orderId}, ${documents.version.preInformation}, ${documents.version.contract},
      ${documents.preInformation}, ${documents.contract}, ${acceptedAt.toISOString()})`);
}

export interface AcceptedContract extends PreContract {
  orderNo: string;
  acceptedAt: Date;
}

/** The documents an order's buyer accepted, as stored, or null (orders placed before contracts existed). */
export async function orderContract(db: Executor, orderNo: string): Promise<AcceptedContract | null> {
  const [row] = await rows<{
    pre_information_version: number;
    contract_version: number;
    pre_information: string;
    contract: string;
    accepted_at: string | Date;
  }>(
    db,
    sql`select c.pre_information_version, c.contract_version, c.pre_information, c.contract, c.accepted_at
      from order_contracts c join orders o on o.id = c.order_id where o.order_no = ${orderNo}`,
  );
  if (!row) return null;
  return {
    orderNo,
    version: { preInformation: row.pre_information_version, contract: row.contract_version },
    preInformation: row.pre_information,
    contract: row.contract,
    acceptedAt: new Date(row.accepted_at),
  };
}

export async function hasOrderContract(db: Executor, orderNo: string): Promise<boolean> {
  const found = await rows<{ one: number }>(
    db,
    sql`select 1 as one from order_contracts c join orders o on o.id = c.order_id where o.order_no = ${orderNo}`,
  );
  return found.length > 0;
}

/** The accepted documents as one HTML file (the confirmation email's attachment). */
export function contractFile(accepted: AcceptedContract): {
  filename: string;
  contentType: string;
  content: string;
} {
  const t = translator("tr", "legal");
  const acceptedAt = dateFormat("tr", { dateStyle: "long", timeStyle: "medium" }).format(accepted.acceptedAt);
  const title = escapeHtml(t("document.fileTitle", { orderNo: accepted.orderNo }));
  return {
    filename: `mesafeli-satis-sozlesmesi-${accepted.orderNo}.html`,
    contentType: "text/html; charset=utf-8",
    content: `<!doctype html>
<html lang="tr"><head><meta charset="utf-8"><title>${title}</title></head>
<body>
${accepted.preInformation}
<hr>
${accepted.contract}
<hr>
<p>${escapeHtml(t("document.acceptedAt", { time: acceptedAt }))}</p>
</body></html>
`,
  };
}
