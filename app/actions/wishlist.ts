"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { shopperAction } from "@/lib/actions/action";
import { getDb } from "@/lib/db";
import { wishlistItemSchema } from "@/lib/wishlist/schemas";
import { addToWishlist, removeFromWishlist } from "@/lib/wishlist/service";
import { ensureWishlistId, readWishlistId } from "@/lib/wishlist/session";

// The heart and the list's "remove" without JavaScript (with it, the heart goes through the API:
// components/wishlist/queries.ts). The wishlist pages show the result.
const toggleSchema = wishlistItemSchema.extend({ intent: z.enum(["add", "remove"]) });

export const toggleWishlistAction = shopperAction(
  { schema: toggleSchema, revalidate: ["/wishlist", "/account/wishlist"] },
  async ({ sku, intent }) => {
    if (intent === "add") await addToWishlist(getDb(), await ensureWishlistId(), sku);
    else await removeFromWishlist(getDb(), await readWishlistId(), sku);
    // A plain form post (no Next-Action header) from a cached page, which cannot show the new state:
    // the shopper sees the list instead.
    return (await headers()).has("next-action") ? {} : { redirect: "/wishlist" };
  },
);
