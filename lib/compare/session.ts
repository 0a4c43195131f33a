import "server-only";
import { cookies } from "next/headers";
import { guestCookieOptions } from "@/lib/cart/guest";
import { signValue, verifySignedValue } from "@/lib/cart/token";
import { productSlugSchema } from "@/lib/catalog/schemas";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { COMPARE_MAX } from "./schemas";
import { requireComparable, withSlug } from "./service";

/**
 * The visitor's compare list: the slugs in the signed `compare` cookie (`a_b_c.<HMAC>`, "_" being no slug
 * character), no database row. It is readable by the page's script (not httpOnly) so that the toggles on
 * the cached product pages and cards know their state without a request; the list is no secret, the
 * signature only keeps what the server reads to what it wrote.
 */

export const COMPARE_COOKIE = "compare";
const PURPOSE = "compare";
const THIRTY_DAYS_SECONDS = 30 * 24 * 60 * 60;
// COMPARE_MAX slugs of at most 80 characters, their separators and the HMAC.
const MAX_TOKEN = COMPARE_MAX * 81 + 50;

export function signCompareList(slugs: string[], secret: string): string {
  return signValue(PURPOSE, slugs.join("_"), secret);
}

/** The slugs of this request's cookie, oldest first; none when it is missing or tampered. */
export async function readCompareList(): Promise<string[]> {
  const value = verifySignedValue(
    PURPOSE,
    (await cookies()).get(COMPARE_COOKIE)?.value,
    env().AUTH_SECRET,
    MAX_TOKEN,
  );
  if (!value) return [];
  return value
    .split("_")
    .filter((slug) => productSlugSchema.safeParse(slug).success)
    .slice(0, COMPARE_MAX);
}

async function writeCompareList(slugs: string[]): Promise<string[]> {
  (await cookies()).set(COMPARE_COOKIE, slugs.length ? signCompareList(slugs, env().AUTH_SECRET) : "", {
    ...guestCookieOptions(slugs.length ? THIRTY_DAYS_SECONDS : 0),
    httpOnly: false,
  });
  return slugs;
}

/** Adds a product on sale (else 404 PRODUCT_NOT_FOUND); a fifth is 422 COMPARE_FULL. Returns the list. */
export async function addToCompare(slug: string): Promise<string[]> {
  const list = await readCompareList();
  if (list.includes(slug)) return list;
  await requireComparable(getDb(), slug);
  return writeCompareList(withSlug(list, slug));
}

/** Takes a slug off the list (one not on it changes nothing). Returns the list. */
export async function removeFromCompare(slug: string): Promise<string[]> {
  const list = await readCompareList();
  return list.includes(slug) ? writeCompareList(list.filter((item) => item !== slug)) : list;
}
