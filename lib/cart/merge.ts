import { sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { rows } from "@/db/client";
import { QTY_MAX } from "@/db/schema";
import { retryOnConflict } from "@/lib/db-retry";
import { env } from "@/lib/env";
import { clockAt, reserveUpTo, setLineReservation } from "@/lib/inventory/reservations";
import { newCartId } from "./token";

/** The signed-in user's cart id if they have one: a plain read, for pages and views (no write per request). */
export async function findUserCartId(db: Database | Transaction, userId: string): Promise<string | null> {
  const [row] = await rows<{
    id: string;
  }>(db, sql`select id from carts where user_id = ${userId}`);
  return row?.id ?? null;
}

/** The signed-in user's cart id, creating the cart on first use (and locking it, for the merge). */
export async function userCartId(
  db: Database | Transaction,
  userId: string,
  now = new Date(),
): Promise<string> {
  const [row] = await rows<{ id: string }>(
    db,
    sql`
    insert into carts (id, user_id, currency, created_at, updated_at, last_activity_at)
    values (${newCartId()}, ${userId}, ${env().STORE_CURRENCY}, ${now.toISOString()}, ${now.toISOString()},
            ${now.toISOString()})
    on conflict (user_id) do update set last_activity_at = excluded.last_activity_at
    returning id`,
  );
  if (!row) throw new Error("could not create the user's cart");
  return row.id;
}

/**
 * Sign-in: the guest cart's lines join the user's cart in one transaction. Quantities of the same SKU
 * add up (at most 99 a line); the guest's reservations move to the user's cart rather than being taken
 * again, so nothing is ever reserved twice; a line that cannot be fully held keeps what it can and the
 * cart view flags it. The guest cart is deleted. Returns the user's cart id.
 */
export async function mergeGuestCart(
  db: Database,
  input: { guestCartId: string | null; userId: string },
  now = new Date(),
): Promise<string> {
  const time = clockAt(now, env().RESERVATION_TTL_MINUTES);
  return retryOnConflict(() =>
    db.transaction(async (tx) => {
      // The user's cart first, then the guest's: every merge locks in the same order.
      const cartId = await userCartId(tx, input.userId, now);
      if (!input.guestCartId || input.guestCartId === cartId) return cartId;
      const [guest] = await rows<{ id: string }>(
        tx,
        sql`select id from carts where id = ${input.guestCartId} and user_id is null for update`,
      );
      if (!guest) return cartId;

      const lines = await rows<{ variant_id: number; qty: number; unit_price: string; held: number }>(
        tx,
        sql`select ci.variant_id, ci.qty, ci.unit_price, coalesce(r.qty, 0) as held
          from cart_items ci
          left join reservations r on r.cart_id = ci.cart_id and r.variant_id = ci.variant_id and r.status = 'active'
          where ci.cart_id = ${guest.id} order by ci.variant_id`,
      );
      for (const line of lines) {
        // Fold the guest's hold into the user's (or hand it over), without touching inventory.
        await tx.execute(sql`
          with guest_hold as (
            delete from reservations where cart_id = ${guest.id} and variant_id = ${line.variant_id}
              and status = 'active'
            returning qty, expires_at
          )
          insert into reservations (variant_id, cart_id, qty, status, expires_at, created_at, updated_at)
          select ${line.variant_id}, ${cartId}, qty, 'active', ${time.expiresAt}, ${time.now}, ${time.now}
          from guest_hold
          on conflict (cart_id, variant_id) where status = 'active'
          do update set qty = reservations.qty + excluded.qty, expires_at = excluded.expires_at,
                        updated_at = excluded.updated_at`);
        const [merged] = await rows<{ qty: number }>(
          tx,
          sql`insert into cart_items (cart_id, variant_id, qty, unit_price, created_at, updated_at)
            values (${cartId}, ${line.variant_id}, ${Math.min(line.qty, QTY_MAX)}, ${line.unit_price}, ${time.now},
                    ${time.now})
            on conflict (cart_id, variant_id)
            do update set qty = least(cart_items.qty + excluded.qty, ${QTY_MAX}), updated_at = excluded.updated_at
            returning qty`,
        );
        const qty = merged?.qty ?? line.qty;
        const [hold] = await rows<{ qty: number }>(
          tx,
          sql`select qty from reservations where cart_id = ${cartId} and variant_id = ${line.variant_id}
            and status = 'active'`,
        );
        const held = hold?.qty ?? 0;
        if (held > qty) {
          // The 99 cap cut the line: give back what it can no longer use.
          await setLineReservation(tx, { cartId, variantId: line.variant_id, qty }, time);
        } else if (held < qty) {
          await reserveUpTo(tx, { cartId, variantId: line.variant_id, wanted: qty }, time);
        }
      }
      await tx.execute(sql`insert into cart_coupons (cart_id, coupon_id, applied_at)
        select ${cartId}, coupon_id, applied_at from cart_coupons where cart_id = ${guest.id}
        on conflict do nothing`);
      await tx.execute(sql`delete from carts where id = ${guest.id}`);
      return cartId;
    }),
  );
}
