import "server-only";
import { getCurrentUser } from "@/lib/auth/session";
import { guestCartId, mintGuestCart } from "@/lib/cart/guest";

/**
 * Who casts a "helpful" vote: the account when signed in, else the visitor of the signed guest cookie
 * (the guest cart's, minted on a first vote), so one browser counts once.
 */
export async function voterKey(): Promise<string> {
  const user = await getCurrentUser();
  if (user) return `u:${user.id}`;
  return `v:${(await guestCartId()) ?? (await mintGuestCart())}`;
}
