"use client";

import { useQueryAfterPaint } from "@/components/data/after-paint";
import { fetchJson } from "@/components/data/fetch";
import type { WishlistItem } from "@/lib/wishlist/service";

export const wishlistKeys = { items: ["wishlist"] as const };

export interface WishlistAnswer {
  items: WishlistItem[];
}

/** The visitor's list, read after paint: the pages with hearts are cached for everyone. */
export function useWishlist() {
  return useQueryAfterPaint(wishlistKeys.items, () => fetchJson<WishlistAnswer>("/api/wishlist/items"));
}
