import { type SQL, sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { rows } from "@/db/client";
import { type CartNotice, QTY_MAX, type TaxClass } from "@/db/schema";
import type { CouponRecord } from "@/lib/coupons/rules";
import { retryOnConflict } from "@/lib/db-retry";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/locale";
import {
  type Clock,
  claimForLine,
  clockAt,
  releaseExpiredBatch,
  releaseExpiredForVariant,
  removeLine,
  reserveUpTo,
  setLineReservation,
} from "@/lib/inventory/reservations";
import { cartCouponRecords, type PriceContext, type PricedCart, priceLines, recheckCoupons } from "./pricing";
import { buildCart, type Cart, type CartLineRow, emptyCart, needsReservation, priceableLines } from "./view";

/**
 * Cart changes run in a transaction that first locks the cart row, so one cart changes one step at a
 * time; stock itself is claimed by single conditional statements (lib/inventory), so carts never wait
 * for each other except on the same SKU's inventory row, and only for one statement.
 */

function clock(now: Date): Clock {
  return clockAt(now, env().RESERVATION_TTL_MINUTES);
}

/** Creates the cart if needed, stamps its activity and locks it for the rest of the transaction. */
function lockCart(cartId: string, userId: string | null, at: Date): SQL {
  const now = at.toISOString();
  return sql`insert into carts (id, user_id, currency, created_at, updated_at, last_activity_at)
    values (${cartId}, ${userId}, ${env().STORE_CURRENCY}, ${now}, ${now}, ${now})
    on conflict (id) do update set last_activity_at = excluded.last_activity_at, updated_at = excluded.updated_at,
      coupon_notices = '[]'
    returning id`;
}

async function freeUnits(db: Transaction, variantId: number): Promise<number> {
  const [row] = await rows<{ free: number }>(
    db,
    sql`select on_hand - reserved as free from inventory where variant_id = ${variantId}`,
  );
  return row?.free ?? 0;
}

export interface CartOwner {
  cartId: string;
  userId?: string | null;
}

/**
 * claimForLine, with the line's 99 cap enforced by the database: the quantity read when the cart was
 * locked can be a moment old, so the CHECK constraint is what really refuses a 100th unit.
 */
async function claimOrLimit(
  tx: Transaction,
  line: { cartId: string; variantId: number; qty: number },
  time: Clock,
) {
  try {
    return await claimForLine(tx, line, time);
  } catch (error) {
    if (
      (error as { cause?: { constraint_name?: string } }).cause?.constraint_name === "cart_items_qty_check"
    ) {
      throw new AppError("QTY_LIMIT", { max: QTY_MAX });
    }
    throw error;
  }
}

/** Adds `qty` of a SKU to the cart (joining an existing line) and reserves it, or throws. */
export async function addItem(
  db: Database,
  owner: CartOwner,
  input: { sku: string; qty: number },
  now = new Date(),
): Promise<void> {
  const time = clock(now);
  await retryOnConflict(() =>
    db.transaction(async (tx) => {
      const [found] = await rows<{ variant_id: number | null; active: boolean; line_qty: number | null }>(
        tx,
        sql`with cart as (${lockCart(owner.cartId, owner.userId ?? null, now)})
        select v.id as variant_id, (v.active and p.active) as active,
          (select qty from cart_items ci where ci.cart_id = cart.id and ci.variant_id = v.id) as line_qty
        from cart left join (variants v join products p on p.id = v.product_id) on v.sku = ${input.sku}`,
      );
      if (!found?.variant_id) throw new AppError("PRODUCT_NOT_FOUND", { sku: input.sku });
      if (!found.active) throw new AppError("PRODUCT_INACTIVE", { sku: input.sku });
      if ((found.line_qty ?? 0) + input.qty > QTY_MAX) {
        throw new AppError("QTY_LIMIT", { max: QTY_MAX, inCart: found.line_qty ?? 0 });
      }
      const line = { cartId: owner.cartId, variantId: found.variant_id, qty: input.qty };
      if (await claimOrLimit(tx, line, time)) return;
      // Short: first give back what lapsed holds still keep, then try once more.
      if (
        (await releaseExpiredForVariant(tx, found.variant_id, time)) > 0 &&
        (await claimForLine(tx, line, time))
      ) {
        return;
      }
      throw new AppError("OUT_OF_STOCK", {
        sku: input.sku,
        available: await freeUnits(tx, found.variant_id),
      });
    }),
  );
}

/** Sets a line's quantity (0 removes it); the reservation moves by the difference in one statement. */
export async function setItemQty(
  db: Database,
  owner: CartOwner,
  itemId: string,
  qty: number,
  now = new Date(),
): Promise<void> {
  if (qty > QTY_MAX) throw new AppError("QTY_LIMIT", { max: QTY_MAX });
  const time = clock(now);
  await retryOnConflict(() =>
    db.transaction(async (tx) => {
      const line = await lockLine(tx, owner, itemId, now);
      if (qty === 0) return removeLocked(tx, owner.cartId, line.variant_id, time);
      if (!line.active && qty > line.qty) throw new AppError("PRODUCT_INACTIVE", { sku: line.sku });
      const target = { cartId: owner.cartId, variantId: line.variant_id, qty };
      if (await setLineReservation(tx, target, time)) return;
      if (
        (await releaseExpiredForVariant(tx, line.variant_id, time)) > 0 &&
        (await setLineReservation(tx, target, time))
      ) {
        return;
      }
      const [held] = await rows<{ qty: number }>(
        tx,
        sql`select qty from reservations where cart_id = ${owner.cartId} and variant_id = ${line.variant_id}
          and status = 'active' and expires_at > ${time.now}`,
      );
      throw new AppError("OUT_OF_STOCK", {
        sku: line.sku,
        available: (await freeUnits(tx, line.variant_id)) + (held?.qty ?? 0),
      });
    }),
  );
}

/** Removes a line and releases its reservation. */
export async function removeItem(
  db: Database,
  owner: CartOwner,
  itemId: string,
  now = new Date(),
): Promise<void> {
  const time = clock(now);
  await retryOnConflict(() =>
    db.transaction(async (tx) => {
      const line = await lockLine(tx, owner, itemId, now);
      await removeLocked(tx, owner.cartId, line.variant_id, time);
    }),
  );
}

async function lockLine(tx: Transaction, owner: CartOwner, itemId: string, at: Date) {
  const now = at.toISOString();
  // Lock first, read after: the read then sees every change committed before the lock was granted.
  await tx.execute(sql`update carts set last_activity_at = ${now}, updated_at = ${now}, coupon_notices = '[]'
    where id = ${owner.cartId}`);
  const [line] = await rows<{ variant_id: number | null; qty: number; sku: string; active: boolean }>(
    tx,
    sql`select ci.variant_id, ci.qty, v.sku, (v.active and p.active) as active
      from cart_items ci join variants v on v.id = ci.variant_id join products p on p.id = v.product_id
      where ci.cart_id = ${owner.cartId} and ci.id = ${itemId}`,
  );
  if (!line?.variant_id) throw new AppError("CART_ITEM_NOT_FOUND", { itemId });
  return { ...line, variant_id: line.variant_id };
}

async function removeLocked(tx: Transaction, cartId: string, variantId: number, time: Clock) {
  await removeLine(tx, { cartId, variantId }, time);
}

function cartQuery(cartId: string): SQL {
  return sql`
    select c.id as cart_id, c.currency, c.user_id, c.shipping_country, c.shipping_postal_code, c.shipping_method,
      c.gift_wrap, c.coupon_notices, (select count(*)::int from cart_coupons cc where cc.cart_id = c.id) as coupons,
      ci.id, ci.variant_id, v.sku, ci.qty, ci.unit_price, v.price, p.tax_class,
      array_remove(array[cat.slug, parent.slug], null) as categories,
      v.weight_grams, v.length_cm, v.width_cm, v.height_cm,
      (v.active and p.active) as active, p.slug, p.name_tr as product_tr, p.name_en as product_en,
      v.name_tr as variant_tr, v.name_en as variant_en,
      (select url from product_images pi where pi.product_id = p.id order by pi.position limit 1) as image,
      i.on_hand - i.reserved as free, coalesce(r.qty, 0) as held, r.expires_at
    from carts c
    left join cart_items ci on ci.cart_id = c.id
    left join variants v on v.id = ci.variant_id
    left join products p on p.id = v.product_id
    left join categories cat on cat.id = p.category_id
    left join categories parent on parent.id = cat.parent_id
    left join inventory i on i.variant_id = v.id
    left join reservations r on r.cart_id = c.id and r.variant_id = ci.variant_id and r.status = 'active'
    where c.id = ${cartId}
    order by ci.created_at, ci.id`;
}

interface CartQueryRow {
  cart_id: string;
  currency: string;
  user_id: string | null;
  shipping_country: string | null;
  shipping_postal_code: string | null;
  shipping_method: string | null;
  gift_wrap: boolean;
  coupon_notices: CartNotice[];
  coupons: number;
  tax_class: TaxClass;
  categories: string[];
  weight_grams: number;
  length_cm: number;
  width_cm: number;
  height_cm: number;
  id: string | null;
  variant_id: number;
  sku: string;
  qty: number;
  unit_price: string;
  price: string;
  active: boolean;
  slug: string;
  product_tr: string;
  product_en: string;
  variant_tr: string;
  variant_en: string;
  image: string | null;
  free: number;
  held: number;
  expires_at: string | Date | null;
}

function toLine(row: CartQueryRow & { id: string }): CartLineRow {
  return {
    id: row.id,
    variantId: row.variant_id,
    sku: row.sku,
    qty: row.qty,
    snapshotPrice: Number(row.unit_price),
    price: Number(row.price),
    active: row.active,
    productSlug: row.slug,
    productTr: row.product_tr,
    productEn: row.product_en,
    variantTr: row.variant_tr,
    variantEn: row.variant_en,
    image: row.image,
    free: row.free,
    held: row.held,
    expiresAt: row.expires_at ? new Date(row.expires_at) : null,
    taxClass: row.tax_class,
    categories: row.categories,
    weightGrams: row.weight_grams,
    lengthCm: row.length_cm,
    widthCm: row.width_cm,
    heightCm: row.height_cm,
  };
}

/** The cart row and its lines with everything the view and the pricing need, in one statement. */
export async function readCart(db: Database | Transaction, cartId: string) {
  const result = await rows<CartQueryRow>(db, cartQuery(cartId));
  const lines = result.filter((r): r is CartQueryRow & { id: string } => r.id !== null).map(toLine);
  const head = result[0];
  const cart = head
    ? {
        id: head.cart_id,
        currency: head.currency,
        userId: head.user_id,
        giftWrap: head.gift_wrap,
        notices: head.coupon_notices,
        couponCount: head.coupons,
        shippingMethod: head.shipping_method,
        destination:
          head.shipping_country && head.shipping_postal_code
            ? { country: head.shipping_country, postalCode: head.shipping_postal_code }
            : null,
      }
    : null;
  return { cart, lines };
}

/**
 * A cart priced for what the shopper has chosen so far, its lines, codes and gift wrap as they stand
 * (nothing is written or re-reserved): the checkout's live preview and the shipping rates.
 */
export async function priceCart(
  db: Database,
  cartId: string | null,
  choices: Pick<PriceContext, "destination" | "shippingMethod" | "paymentMethod" | "locale">,
): Promise<PricedCart & { empty: boolean; lines: CartLineRow[] }> {
  const { cart, lines } = cartId ? await readCart(db, cartId) : { cart: null, lines: [] };
  const priced = await priceLines(db, {
    ...choices,
    lines: priceableLines(lines),
    coupons: cart ? await cartCouponRecords(db, cart.id, { userId: cart.userId, email: null }) : [],
    giftWrap: cart?.giftWrap ?? false,
  });
  return { ...priced, empty: !cart, lines };
}

/**
 * The cart recomputed from the database. Lines whose hold lapsed are re-reserved first (as much as the
 * stock allows); what could not be held again is flagged RESERVATION_EXPIRED / INSUFFICIENT_STOCK.
 */
export async function getCart(
  db: Database,
  cartId: string | null,
  locale: Locale,
  now = new Date(),
): Promise<Cart> {
  if (!cartId) return emptyCart(null, env().STORE_CURRENCY);
  let { cart, lines } = await readCart(db, cartId);
  if (!cart) return emptyCart(cartId, env().STORE_CURRENCY);
  const lapsed = new Set(lines.filter((line) => needsReservation(line, now)).map((line) => line.variantId));
  if (lapsed.size > 0) {
    const time = clock(now);
    await retryOnConflict(() =>
      db.transaction(async (tx) => {
        await tx.execute(sql`select id from carts where id = ${cartId} for update`);
        // Read again under the lock: the lines may have changed since the first read.
        const current = (await readCart(tx, cartId)).lines
          .filter((line) => needsReservation(line, now))
          .sort((a, b) => a.variantId - b.variantId);
        for (const line of current) {
          const input = { cartId, variantId: line.variantId, wanted: line.qty };
          if ((await reserveUpTo(tx, input, time)) < line.qty) {
            await releaseExpiredForVariant(tx, line.variantId, time);
            await reserveUpTo(tx, input, time);
          }
        }
      }),
    );
    ({ cart, lines } = await readCart(db, cartId));
    if (!cart) return emptyCart(cartId, env().STORE_CURRENCY);
  }

  const priceable = priceableLines(lines);
  let coupons: CouponRecord[] = [];
  let notices = cart.notices;
  if (cart.couponCount > 0) {
    const { kept, dropped } = recheckCoupons(
      await cartCouponRecords(db, cartId, { userId: cart.userId, email: null }),
      priceable,
      now,
    );
    coupons = kept;
    if (dropped.length > 0) {
      notices = [...notices, ...dropped];
      await dropCoupons(db, cartId, dropped);
    }
  }
  const priced = await priceLines(db, {
    lines: priceable,
    coupons,
    destination: cart.destination,
    shippingMethod: cart.shippingMethod,
    paymentMethod: null,
    giftWrap: cart.giftWrap,
    locale,
  });
  return buildCart({ ...cart, notices }, lines, priced, { locale, now, lapsed });
}

/** Removes codes that stopped applying and keeps the reason for the shopper (until their next change). */
async function dropCoupons(db: Database, cartId: string, dropped: CartNotice[]) {
  const codes = dropped.map((d) => d.code);
  await db.execute(sql`
    with removed as (
      delete from cart_coupons cc using coupons k
      where cc.cart_id = ${cartId} and k.id = cc.coupon_id and k.code in ${codes}
    )
    update carts set coupon_notices = coupon_notices || ${JSON.stringify(dropped)}::jsonb where id = ${cartId}`);
}

const IDLE_GUEST_CART_DAYS = 30;

/**
 * The scheduler's work: releases overdue reservations in batches of at most 500 until none are left,
 * then deletes guest carts idle for 30 days that hold nothing.
 */
export async function cleanupReservations(db: Database, now = new Date(), batchSize = 500) {
  const time = clock(now);
  const { reservations: released, units } = await releaseExpiredBatch(db, time, batchSize);
  const cutoff = new Date(now.getTime() - IDLE_GUEST_CART_DAYS * 24 * 60 * 60 * 1000);
  const deleted = await rows<{ id: string }>(
    db,
    sql`delete from carts c where c.user_id is null and c.last_activity_at < ${cutoff.toISOString()}
      and not exists (select 1 from reservations r where r.cart_id = c.id and r.status = 'active')
      returning c.id`,
  );
  return { released, units, deletedCarts: deleted.length };
}

/** Units in the cart, for the header's mini-cart (one cheap query, no reservation work). */
export async function cartItemCount(db: Database, cartId: string | null): Promise<number> {
  if (!cartId) return 0;
  const [row] = await rows<{ count: number }>(
    db,
    sql`select coalesce(sum(qty), 0)::int as count from cart_items where cart_id = ${cartId}`,
  );
  return row?.count ?? 0;
}

/** Keeps the shopper's shipping estimate (destination and, optionally, method) on the cart. */
export async function setShippingEstimate(
  db: Database,
  cartId: string,
  estimate: { country: string; postalCode: string; method: string | null } | null,
  now = new Date(),
): Promise<void> {
  const at = now.toISOString();
  await db.execute(sql`
    insert into carts (id, currency, shipping_country, shipping_postal_code, shipping_method, created_at, updated_at,
      last_activity_at)
    values (${cartId}, ${env().STORE_CURRENCY}, ${estimate?.country ?? null}, ${estimate?.postalCode ?? null},
      ${estimate?.method ?? null}, ${at}, ${at}, ${at})
    on conflict (id) do update set shipping_country = excluded.shipping_country,
      shipping_postal_code = excluded.shipping_postal_code, shipping_method = excluded.shipping_method,
      last_activity_at = excluded.last_activity_at`);
}

/** Gift packaging on or off (a fee rule prices it). */
export async function setGiftWrap(db: Database, cartId: string, giftWrap: boolean): Promise<void> {
  await db.execute(sql`update carts set gift_wrap = ${giftWrap} where id = ${cartId}`);
}

/**
 * Deletes a cart inside the caller's transaction (an account's erasure): each line is removed like the
 * shopper's own removal, so its hold is released with a ledger row, then the cart goes. Lines go in
 * variant order, the order stock rows are always locked in.
 */
export async function deleteCart(tx: Transaction, cartId: string, now = new Date()): Promise<void> {
  const time = clock(now);
  await tx.execute(sql`select id from carts where id = ${cartId} for update`);
  const lines = await rows<{ variant_id: number }>(
    tx,
    sql`select variant_id from cart_items where cart_id = ${cartId}
      union select variant_id from reservations where cart_id = ${cartId} and status = 'active'
      order by variant_id`,
  );
  for (const line of lines) await removeLine(tx, { cartId, variantId: line.variant_id }, time);
  await tx.execute(sql`delete from carts where id = ${cartId}`);
}
