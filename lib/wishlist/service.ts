import { sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { rows } from "@/db/client";
import { WISHLIST_MAX } from "@/db/schema";
import { newGuestId } from "@/lib/cart/token";
import { retryOnConflict } from "@/lib/db-retry";
import { AppError } from "@/lib/errors";
import { type Locale, pick } from "@/lib/i18n/locale";

export interface WishlistItem {
  sku: string;
  slug: string;
  /** The product's name. */
  name: string;
  /** The variant's name ("Kırmızı / M"). */
  variant: string;
  image: string | null;
  /** The price now, in kuruş. */
  price: number;
  /** The price when the SKU was added. */
  priceWhenAdded: number;
  priceDropped: boolean;
  inStock: boolean;
}

export function newWishlistId(): string {
  return newGuestId("w");
}

/** The signed-in user's list id if they have one: a plain read (no write per page view). */
export async function findUserWishlistId(db: Database | Transaction, userId: string): Promise<string | null> {
  const [row] = await rows<{ id: string }>(db, sql`select id from wishlists where user_id = ${userId}`);
  return row?.id ?? null;
}

/** The signed-in user's list id, creating the list on first use. */
export async function userWishlistId(db: Database | Transaction, userId: string): Promise<string> {
  const [row] = await rows<{ id: string }>(
    db,
    sql`insert into wishlists (id, user_id) values (${newWishlistId()}, ${userId})
      on conflict (user_id) do update set user_id = excluded.user_id
      returning id`,
  );
  if (!row) throw new Error("could not create the user's wishlist");
  return row.id;
}

/**
 * The list's SKUs, newest first, with the price now and then and whether any unit can be bought. SKUs
 * whose product or variant staff took off sale are left out (their page no longer exists).
 */
export async function listWishlist(
  db: Database | Transaction,
  wishlistId: string | null,
  locale: Locale,
): Promise<WishlistItem[]> {
  if (!wishlistId) return [];
  const found = await rows<{
    sku: string;
    slug: string;
    name_tr: string;
    name_en: string;
    variant_tr: string;
    variant_en: string;
    image: string | null;
    price: string;
    price_when_added: string;
    in_stock: boolean;
  }>(
    db,
    sql`select v.sku, p.slug, p.name_tr, p.name_en, v.name_tr as variant_tr, v.name_en as variant_en,
        (select url from product_images pi where pi.product_id = p.id order by pi.position limit 1) as image,
        v.price, wi.price_when_added, coalesce(i.on_hand > i.reserved, false) as in_stock
      from wishlist_items wi
      join variants v on v.id = wi.variant_id and v.active
      join products p on p.id = v.product_id and p.active
      left join inventory i on i.variant_id = v.id
      where wi.wishlist_id = ${wishlistId}
      order by wi.created_at desc, v.id`,
  );
  return found.map((row) => ({
    sku: row.sku,
    slug: row.slug,
    name: pick(locale, row.name_tr, row.name_en),
    variant: pick(locale, row.variant_tr, row.variant_en),
    image: row.image,
    price: Number(row.price),
    priceWhenAdded: Number(row.price_when_added),
    priceDropped: Number(row.price) < Number(row.price_when_added),
    inStock: row.in_stock,
  }));
}

/** The list's row, created for a guest's first add, and locked so that adds to one list take turns. */
async function lockWishlist(tx: Transaction, wishlistId: string): Promise<void> {
  await tx.execute(sql`insert into wishlists (id) values (${wishlistId}) on conflict (id) do nothing`);
  await tx.execute(sql`select id from wishlists where id = ${wishlistId} for update`);
}

/** The variant of an on-sale SKU, or 404 PRODUCT_NOT_FOUND (as the cart answers an unknown SKU). */
async function variantOf(db: Database | Transaction, sku: string): Promise<{ id: number; price: number }> {
  const [found] = await rows<{ id: number; price: string }>(
    db,
    sql`select v.id, v.price from variants v join products p on p.id = v.product_id
      where v.sku = ${sku} and v.active and p.active`,
  );
  if (!found) throw new AppError("PRODUCT_NOT_FOUND", { sku });
  return { id: found.id, price: Number(found.price) };
}

/**
 * Adds a SKU with today's price. Adding one already there changes nothing (its first price stays, so a
 * drop since then still shows). A list holds at most WISHLIST_MAX SKUs: one more is 422 WISHLIST_FULL.
 */
export async function addToWishlist(
  db: Database,
  wishlistId: string,
  sku: string,
  now = new Date(),
): Promise<void> {
  await retryOnConflict(() =>
    db.transaction(async (tx) => {
      await lockWishlist(tx, wishlistId);
      const variant = await variantOf(tx, sku);
      const [state] = await rows<{ total: number; present: boolean }>(
        tx,
        sql`select count(*)::int as total, bool_or(variant_id = ${variant.id}) as present
          from wishlist_items where wishlist_id = ${wishlistId}`,
      );
      if (state?.present) return;
      if ((state?.total ?? 0) >= WISHLIST_MAX) throw new AppError("WISHLIST_FULL", { max: WISHLIST_MAX });
      await tx.execute(sql`insert into wishlist_items (wishlist_id, variant_id, price_when_added, created_at)
        values (${wishlistId}, ${variant.id}, ${variant.price}, ${now.toISOString()})
        on conflict do nothing`);
    }),
  );
}

/** Takes a SKU off the list; one that is not on it changes nothing. An unknown SKU is 404 PRODUCT_NOT_FOUND. */
export async function removeFromWishlist(
  db: Database,
  wishlistId: string | null,
  sku: string,
): Promise<void> {
  const [variant] = await rows<{ id: number }>(db, sql`select id from variants where sku = ${sku}`);
  if (!variant) throw new AppError("PRODUCT_NOT_FOUND", { sku });
  if (!wishlistId) return;
  await db.execute(
    sql`delete from wishlist_items where wishlist_id = ${wishlistId} and variant_id = ${variant.id}`,
  );
}

/**
 * Sign-in: the guest's SKUs join the user's list in one transaction, a SKU on both kept once (with the
 * account's date and price), the newest of the guest's first while the list has room. The guest's list
 * is deleted. Returns the user's list id.
 */
export async function mergeGuestWishlist(
  db: Database,
  input: { guestWishlistId: string | null; userId: string },
): Promise<string> {
  return retryOnConflict(() =>
    db.transaction(async (tx) => {
      // The user's list first, then the guest's: every merge locks in the same order.
      const wishlistId = await userWishlistId(tx, input.userId);
      await tx.execute(sql`select id from wishlists where id = ${wishlistId} for update`);
      if (!input.guestWishlistId || input.guestWishlistId === wishlistId) return wishlistId;
      const [guest] = await rows<{ id: string }>(
        tx,
        sql`select id from wishlists where id = ${input.guestWishlistId} and user_id is null for update`,
      );
      if (!guest) return wishlistId;
      await tx.execute(sql`
        insert into wishlist_items (wishlist_id, variant_id, price_when_added, created_at)
        select ${wishlistId}, g.variant_id, g.price_when_added, g.created_at
        from wishlist_items g
        where g.wishlist_id = ${guest.id}
          and not exists (select 1 from wishlist_items u where u.wishlist_id = ${wishlistId}
                          and u.variant_id = g.variant_id)
        order by g.created_at desc
        limit greatest(${WISHLIST_MAX} - (select count(*) from wishlist_items where wishlist_id = ${wishlistId}), 0)
        on conflict do nothing`);
      await tx.execute(sql`delete from wishlists where id = ${guest.id}`);
      return wishlistId;
    }),
  );
}
