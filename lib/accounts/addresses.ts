import { and, asc, desc, eq, sql } from "drizzle-orm";
import { type Database, rows, type Transaction } from "@/db/client";
import { addresses } from "@/db/schema";
import { retryOnConflict } from "@/lib/db-retry";
import { AppError } from "@/lib/errors";
import type { Address } from "./schemas";

/**
 * A user's address book: at most 20 addresses, at most one default shipping and one default billing
 * address (the schema's partial unique indexes back that up). Input comes already validated and
 * normalized by `addressSchema`. Every change locks the user's row first, so concurrent changes of one
 * user's book run one after the other and the cap and the defaults hold under concurrency.
 */

export const MAX_ADDRESSES = 20;

export type AddressKind = "shipping" | "billing";

export interface SavedAddress extends Address {
  id: string;
  isDefaultShipping: boolean;
  isDefaultBilling: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface DefaultChoice {
  defaultShipping?: boolean;
  defaultBilling?: boolean;
}

const columns = {
  id: addresses.id,
  name: addresses.name,
  line1: addresses.line1,
  line2: addresses.line2,
  district: addresses.district,
  city: addresses.city,
  postalCode: addresses.postalCode,
  country: addresses.country,
  phone: addresses.phone,
  isDefaultShipping: addresses.isDefaultShipping,
  isDefaultBilling: addresses.isDefaultBilling,
  createdAt: addresses.createdAt,
  updatedAt: addresses.updatedAt,
};

/** The address book, default shipping first, then default billing, then newest first. */
export async function listAddresses(db: Database, userId: string): Promise<SavedAddress[]> {
  return db
    .select(columns)
    .from(addresses)
    .where(eq(addresses.userId, userId))
    .orderBy(
      desc(addresses.isDefaultShipping),
      desc(addresses.isDefaultBilling),
      desc(addresses.createdAt),
      asc(addresses.id),
    );
}

/** One of the user's addresses; null when it does not exist or belongs to someone else. */
export async function getAddress(db: Database, userId: string, id: string): Promise<SavedAddress | null> {
  const [row] = await db.select(columns).from(addresses).where(ownAddress(userId, id));
  return row ?? null;
}

/** The user's default address of a kind (what the checkout pre-fills), or null. */
export async function defaultAddress(
  db: Database,
  userId: string,
  kind: AddressKind,
): Promise<SavedAddress | null> {
  const flag = kind === "shipping" ? addresses.isDefaultShipping : addresses.isDefaultBilling;
  const [row] = await db
    .select(columns)
    .from(addresses)
    .where(and(eq(addresses.userId, userId), eq(flag, true)));
  return row ?? null;
}

async function lockUser(tx: Transaction, userId: string): Promise<void> {
  const found = await rows<{
    id: string;
  }>(tx, sql`select id from users where id = ${userId} for update`);
  if (found.length === 0) throw new AppError("UNAUTHORIZED");
}

/** The user's address `id`: the user's alone, so nobody reaches another's. */
const ownAddress = (userId: string, id: string) => and(eq(addresses.id, id), eq(addresses.userId, userId));

/**
 * Every change to an address book: one transaction that first locks the user (so the limit and the
 * defaults hold under concurrent requests), retried on a serialization conflict.
 */
function inLockedBook<T>(db: Database, userId: string, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return retryOnConflict(() =>
    db.transaction(async (tx) => {
      await lockUser(tx, userId);
      return work(tx);
    }),
  );
}

/** NOT_FOUND unless the address is in the user's book. */
async function mustOwn(tx: Transaction, userId: string, id: string): Promise<void> {
  const owned = await tx.select({ id: addresses.id }).from(addresses).where(ownAddress(userId, id));
  if (owned.length === 0) throw new AppError("NOT_FOUND", { addressId: id });
}

async function clearDefaults(tx: Transaction, userId: string, choice: DefaultChoice, now: Date) {
  if (choice.defaultShipping) {
    await tx
      .update(addresses)
      .set({ isDefaultShipping: false, updatedAt: now })
      .where(and(eq(addresses.userId, userId), eq(addresses.isDefaultShipping, true)));
  }
  if (choice.defaultBilling) {
    await tx
      .update(addresses)
      .set({ isDefaultBilling: false, updatedAt: now })
      .where(and(eq(addresses.userId, userId), eq(addresses.isDefaultBilling, true)));
  }
}

/**
 * Adds an address. The first address of a book becomes the default for both kinds; later ones when asked.
 * The 21st is refused: VALIDATION_FAILED with `details.reason = "ADDRESS_LIMIT"` and `details.max`.
 */
export async function createAddress(
  db: Database,
  userId: string,
  input: Address,
  choice: DefaultChoice = {},
  now = new Date(),
): Promise<SavedAddress> {
  return inLockedBook(db, userId, async (tx) => {
    const [stats] = await rows<{
      n: number;
      has_shipping: boolean;
      has_billing: boolean;
    }>(
      tx,
      sql`
        select count(*)::int as n,
          coalesce(bool_or(is_default_shipping), false) as has_shipping,
          coalesce(bool_or(is_default_billing), false) as has_billing
        from addresses where user_id = ${userId}`,
    );
    if ((stats?.n ?? 0) >= MAX_ADDRESSES) {
      throw new AppError("VALIDATION_FAILED", { reason: "ADDRESS_LIMIT", max: MAX_ADDRESSES });
    }
    const wanted = {
      defaultShipping: Boolean(choice.defaultShipping) || !stats?.has_shipping,
      defaultBilling: Boolean(choice.defaultBilling) || !stats?.has_billing,
    };
    await clearDefaults(tx, userId, wanted, now);
    const [created] = await tx
      .insert(addresses)
      .values({
        ...input,
        userId,
        isDefaultShipping: wanted.defaultShipping,
        isDefaultBilling: wanted.defaultBilling,
        createdAt: now,
        updatedAt: now,
      })
      .returning(columns);
    if (!created) throw new Error("could not save the address");
    return created;
  });
}

/**
 * Replaces an address's fields. A default it holds stays; `choice` can make it the default of a kind
 * (unticking does not un-default it: a book with addresses always keeps its defaults).
 */
export async function updateAddress(
  db: Database,
  userId: string,
  id: string,
  input: Address,
  choice: DefaultChoice = {},
  now = new Date(),
): Promise<SavedAddress> {
  return inLockedBook(db, userId, async (tx) => {
    await mustOwn(tx, userId, id);
    await clearDefaults(tx, userId, choice, now);
    const [updated] = await tx
      .update(addresses)
      .set({
        ...input,
        ...(choice.defaultShipping ? { isDefaultShipping: true } : {}),
        ...(choice.defaultBilling ? { isDefaultBilling: true } : {}),
        updatedAt: now,
      })
      .where(ownAddress(userId, id))
      .returning(columns);
    if (!updated) throw new AppError("NOT_FOUND", { addressId: id });
    return updated;
  });
}

/** Makes an address the default of one kind (and no other address of the user). */
export async function setDefaultAddress(
  db: Database,
  userId: string,
  id: string,
  kind: AddressKind,
  now = new Date(),
): Promise<void> {
  await inLockedBook(db, userId, async (tx) => {
    await mustOwn(tx, userId, id);
    const choice = kind === "shipping" ? { defaultShipping: true } : { defaultBilling: true };
    await clearDefaults(tx, userId, choice, now);
    await tx
      .update(addresses)
      .set(
        kind === "shipping"
          ? { isDefaultShipping: true, updatedAt: now }
          : { isDefaultBilling: true, updatedAt: now },
      )
      .where(ownAddress(userId, id));
  });
}

/**
 * Deletes an address. When it was a default, the newest remaining address takes over that role, so a
 * book with addresses always has both defaults.
 */
export async function deleteAddress(
  db: Database,
  userId: string,
  id: string,
  now = new Date(),
): Promise<void> {
  await inLockedBook(db, userId, async (tx) => {
    const [deleted] = await tx
      .delete(addresses)
      .where(ownAddress(userId, id))
      .returning({ shipping: addresses.isDefaultShipping, billing: addresses.isDefaultBilling });
    if (!deleted) throw new AppError("NOT_FOUND", { addressId: id });
    if (!deleted.shipping && !deleted.billing) return;
    const [heir] = await tx
      .select({ id: addresses.id })
      .from(addresses)
      .where(eq(addresses.userId, userId))
      .orderBy(desc(addresses.createdAt), desc(addresses.id))
      .limit(1);
    if (!heir) return;
    await tx
      .update(addresses)
      .set({
        ...(deleted.shipping ? { isDefaultShipping: true } : {}),
        ...(deleted.billing ? { isDefaultBilling: true } : {}),
        updatedAt: now,
      })
      .where(eq(addresses.id, heir.id));
  });
}
