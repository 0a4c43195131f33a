import type { CartNotice, TaxClass } from "@/db/schema";
import { type Locale, pick } from "@/lib/i18n/locale";
import type { Totals } from "@/lib/pricing/engine";
import type { ShippingOption } from "@/lib/shipping/service";
import type { PriceableLine, PricedCart } from "./pricing";

export const LINE_FLAGS = [
  "PRICE_CHANGED",
  "INSUFFICIENT_STOCK",
  "UNAVAILABLE",
  "RESERVATION_EXPIRED",
] as const;
export type LineFlag = (typeof LINE_FLAGS)[number];

/** One row of the cart query: a line with its variant, product, stock and active reservation. */
export interface CartLineRow {
  id: string;
  variantId: number;
  sku: string;
  qty: number;
  snapshotPrice: number;
  price: number;
  active: boolean;
  productSlug: string;
  productTr: string;
  productEn: string;
  variantTr: string;
  variantEn: string;
  image: string | null;
  /** on_hand - reserved: units nobody holds. */
  free: number;
  /** Units this line's active reservation holds (0 when none). */
  held: number;
  expiresAt: Date | null;
  taxClass: TaxClass;
  /** Slugs of the product's category and its parent, for coupons limited to categories. */
  categories: string[];
  weightGrams: number;
  lengthCm: number;
  widthCm: number;
  heightCm: number;
}

/** What the pricing engine needs of the lines that can be bought (inactive ones are left out). */
export function priceableLines(rows: CartLineRow[]): PriceableLine[] {
  return rows
    .filter((row) => row.active)
    .map((row) => ({
      id: row.id,
      sku: row.sku,
      categories: row.categories,
      taxClass: row.taxClass,
      unitPrice: row.price,
      qty: row.qty,
      weightGrams: row.weightGrams,
      lengthCm: row.lengthCm,
      widthCm: row.widthCm,
      heightCm: row.heightCm,
    }));
}

export interface CartLine {
  id: string;
  sku: string;
  slug: string;
  name: string;
  variant: string;
  image: string | null;
  qty: number;
  unitPrice: number;
  lineTotal: number;
  reservedUntil: string | null;
  /** The most this line can hold right now: what it holds plus what nobody holds. */
  available: number;
  flags: LineFlag[];
}

export interface CartTotals extends Totals {
  /** KDV per rate: `rate` in percent (20, 10, 1, 0), `base` the amount it is computed on. */
  taxLines: { rate: number; base: number; amount: number }[];
  feeLines: { kind: string; amount: number }[];
}

export interface CartShipping {
  country: string;
  postalCode: string;
  /** The chosen option (the cheapest unless the shopper picked one); null when none applies. */
  selected: ShippingOption | null;
  options: ShippingOption[];
  problem: PricedCart["shippingProblem"];
}

export interface Cart {
  id: string | null;
  currency: string;
  items: CartLine[];
  /** The first applied code (the contract's single coupon); `coupons` lists all of them. */
  coupon: { code: string; discount: number } | null;
  coupons: { code: string; discount: number }[];
  /** Codes the cart dropped because they stopped applying, with the COUPON_* reason. */
  couponNotices: CartNotice[];
  shipping: CartShipping | null;
  giftWrap: boolean;
  totals: CartTotals;
  reservationExpiresAt: string | null;
}

export function emptyCart(id: string | null, currency: string): Cart {
  return {
    id,
    currency,
    items: [],
    coupon: null,
    coupons: [],
    couponNotices: [],
    shipping: null,
    giftWrap: false,
    totals: {
      subtotal: 0,
      discount: 0,
      shipping: 0,
      tax: 0,
      fees: 0,
      total: 0,
      taxIncluded: true,
      taxLines: [],
      feeLines: [],
    },
    reservationExpiresAt: null,
  };
}

/** True when a line's hold lapsed (by the clock or because it was released) and should be re-reserved. */
export function needsReservation(row: CartLineRow, now: Date): boolean {
  return row.active && (row.held < row.qty || (row.expiresAt !== null && row.expiresAt <= now));
}

/** What a priced cart adds up to: the totals, KDV per rate and the fees (the cart's and checkout's). */
export function cartTotals({ result, fees }: PricedCart): CartTotals {
  return {
    subtotal: result.subtotal,
    discount: result.discount,
    shipping: result.shipping,
    tax: result.tax,
    fees: result.fees,
    total: result.total,
    taxIncluded: result.taxIncluded,
    taxLines: result.taxLines.map((line) => ({
      rate: line.rateBp / 100,
      base: line.base,
      amount: line.amount,
    })),
    feeLines: fees,
  };
}

/**
 * The cart as shoppers and the API see it, computed from current database rows every time: current
 * prices (flagged when they moved since the shopper added the item), stock, availability and holds.
 */
export function buildCart(
  cart: {
    id: string;
    currency: string;
    giftWrap: boolean;
    notices: CartNotice[];
    destination: { country: string; postalCode: string } | null;
  },
  rows: CartLineRow[],
  priced: PricedCart,
  context: { locale: Locale; now: Date; lapsed: ReadonlySet<number> },
): Cart {
  const items = rows.map((row): CartLine => {
    const flags: LineFlag[] = [];
    if (!row.active) flags.push("UNAVAILABLE");
    if (row.active && row.price !== row.snapshotPrice) flags.push("PRICE_CHANGED");
    const heldNow = row.expiresAt !== null && row.expiresAt > context.now ? row.held : 0;
    if (row.active && heldNow < row.qty) {
      if (context.lapsed.has(row.variantId)) flags.push("RESERVATION_EXPIRED");
      flags.push("INSUFFICIENT_STOCK");
    }
    return {
      id: row.id,
      sku: row.sku,
      slug: row.productSlug,
      name: pick(context.locale, row.productTr, row.productEn),
      variant: pick(context.locale, row.variantTr, row.variantEn),
      image: row.image,
      qty: row.qty,
      unitPrice: row.price,
      lineTotal: row.price * row.qty,
      reservedUntil: heldNow > 0 && row.expiresAt ? row.expiresAt.toISOString() : null,
      available: row.active ? row.free + heldNow : 0,
      flags,
    };
  });
  const holds = items.map((i) => i.reservedUntil).filter((d): d is string => d !== null);
  const { result } = priced;
  return {
    id: cart.id,
    currency: cart.currency,
    items,
    coupon: result.coupons[0] ?? null,
    coupons: result.coupons,
    couponNotices: cart.notices,
    shipping: cart.destination
      ? {
          ...cart.destination,
          selected: priced.shipping,
          options: priced.shippingOptions,
          problem: priced.shippingProblem,
        }
      : null,
    giftWrap: cart.giftWrap,
    totals: cartTotals(priced),
    reservationExpiresAt: holds.sort()[0] ?? null,
  };
}
