"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { shopperAction } from "@/lib/actions/action";
import { clientIp } from "@/lib/auth/ip";
import { addItemSchema, itemIdSchema, setQtySchema } from "@/lib/cart/schemas";
import { addItem, removeItem, setGiftWrap, setItemQty, setShippingEstimate } from "@/lib/cart/service";
import { ensureCartId, readCartId } from "@/lib/cart/session";
import { couponCodeSchema } from "@/lib/coupons/schemas";
import { applyCouponLimited, removeCoupon } from "@/lib/coupons/service";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { checkbox } from "@/lib/forms/fields";
import { shippingEstimateSchema } from "@/lib/shipping/schemas";

// The cart's forms without JavaScript (with it, the same changes go through the cart API as
// react-query mutations: components/cart/queries.ts). The cart page shows the result.
const CART = { revalidate: ["/cart"] };

const lineSchema = z.object({ itemId: itemIdSchema });

/** The request's cart, for a change to one of its lines: without a cart the line is "not found", as in the API. */
async function cartOfLine(): Promise<string> {
  const cartId = await readCartId();
  if (!cartId) throw new AppError("CART_ITEM_NOT_FOUND");
  return cartId;
}

export const addToCartAction = shopperAction({ schema: addItemSchema, ...CART }, async (input) => {
  await addItem(getDb(), { cartId: await ensureCartId() }, input);
  // A plain form post (no Next-Action header): the cached product page cannot show the new cart, so
  // the shopper sees it on the cart page instead.
  return (await headers()).has("next-action") ? {} : { redirect: "/cart" };
});

export const setQtyAction = shopperAction(
  { schema: z.intersection(lineSchema, setQtySchema), ...CART },
  async ({ itemId, qty }) => {
    await setItemQty(getDb(), { cartId: await cartOfLine() }, itemId, qty);
    return {};
  },
);

export const removeItemAction = shopperAction({ schema: lineSchema, ...CART }, async ({ itemId }) => {
  await removeItem(getDb(), { cartId: await cartOfLine() }, itemId);
  return {};
});

export const applyCouponAction = shopperAction({ schema: couponCodeSchema, ...CART }, async ({ code }) => {
  const ip = clientIp(await headers());
  await applyCouponLimited(getDb(), { cartId: await ensureCartId(), code, userId: null, ip });
  return {};
});

export const removeCouponAction = shopperAction({ schema: couponCodeSchema, ...CART }, async ({ code }) => {
  const cartId = await readCartId();
  if (cartId) await removeCoupon(getDb(), cartId, code);
  return {};
});

export const estimateShippingAction = shopperAction(
  { schema: shippingEstimateSchema, ...CART },
  async (estimate) => {
    await setShippingEstimate(getDb(), await ensureCartId(), estimate);
    return {};
  },
);

export const giftWrapAction = shopperAction(
  { schema: z.object({ giftWrap: checkbox }), ...CART },
  async ({ giftWrap }) => {
    const cartId = await readCartId();
    if (cartId) await setGiftWrap(getDb(), cartId, giftWrap);
    return {};
  },
);
