import { type Locale, pick } from "@/lib/i18n/locale";

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

export interface CartTotals {
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  fees: number;
  total: number;
  taxIncluded: boolean;
}

export interface Cart {
  id: string | null;
  currency: string;
  items: CartLine[];
  coupon: { code: string; discount: number } | null;
  totals: CartTotals;
  reservationExpiresAt: string | null;
}

export function emptyCart(id: string | null, currency: string): Cart {
  return {
    id,
    currency,
    items: [],
    coupon: null,
    totals: { subtotal: 0, discount: 0, shipping: 0, tax: 0, fees: 0, total: 0, taxIncluded: true },
    reservationExpiresAt: null,
  };
}

/** True when a line's hold lapsed (by the clock or because it was released) and should be re-reserved. */
export function needsReservation(row: CartLineRow, now: Date): boolean {
  return row.active && (row.held < row.qty || (row.expiresAt !== null && row.expiresAt <= now));
}

/**
 * The cart as shoppers and the API see it, computed from current database rows every time: current
 * prices (flagged when they moved since the shopper added the item), stock, availability and holds.
 */
export function buildCart(
  cart: { id: string; currency: string },
  rows: CartLineRow[],
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
  const subtotal = items
    .filter((i) => !i.flags.includes("UNAVAILABLE"))
    .reduce((sum, i) => sum + i.lineTotal, 0);
  const holds = items.map((i) => i.reservedUntil).filter((d): d is string => d !== null);
  return {
    ...emptyCart(cart.id, cart.currency),
    items,
    totals: { subtotal, discount: 0, shipping: 0, tax: 0, fees: 0, total: subtotal, taxIncluded: true },
    reservationExpiresAt: holds.sort()[0] ?? null,
  };
}
