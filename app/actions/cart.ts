"use server";

import { refresh } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientIp } from "@/lib/auth/ip";
import { addItemSchema, itemIdSchema, setQtySchema } from "@/lib/cart/schemas";
import { addItem, removeItem, setGiftWrap, setItemQty, setShippingEstimate } from "@/lib/cart/service";
import { ensureCartId, readCartId } from "@/lib/cart/session";
import { normalizeCode } from "@/lib/coupons/rules";
import { couponCodeSchema } from "@/lib/coupons/schemas";
import { applyCouponLimited, removeCoupon } from "@/lib/coupons/service";
import { getDb } from "@/lib/db";
import { AppError, isAppError, isDatabaseUnavailable } from "@/lib/errors";
import { errorMessage } from "@/lib/http";
import { currentLocale } from "@/lib/i18n/server";
import { log } from "@/lib/log";
import { shippingEstimateSchema } from "@/lib/shipping/schemas";
import { validate } from "@/lib/validation";

/** What a cart form shows after submitting: nothing on success, else the reason in the shopper's language. */
export interface CartActionState {
  ok: boolean;
  error?: string;
  /** Bumps on every success so the form can announce it even when the message repeats. */
  at?: number;
}

async function run(work: () => Promise<void>): Promise<CartActionState> {
  const locale = await currentLocale();
  try {
    await work();
    refresh();
    return { ok: true, at: Date.now() };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: errorMessage(error.code, locale, error.details) };
    if (isDatabaseUnavailable(error))
      return { ok: false, error: errorMessage("SERVICE_UNAVAILABLE", locale) };
    log.error({ err: error }, "Cart action failed");
    return { ok: false, error: errorMessage("INTERNAL_ERROR", locale) };
  }
}

function itemId(formData: FormData): string {
  const id = formData.get("itemId");
  if (!itemIdSchema.safeParse(id).success) throw new AppError("CART_ITEM_NOT_FOUND");
  return id as string;
}

export async function addToCartAction(_state: CartActionState, formData: FormData): Promise<CartActionState> {
  const result = await run(async () => {
    const input = validate(
      addItemSchema,
      { sku: formData.get("sku"), qty: Number(formData.get("qty") ?? 1) },
      await currentLocale(),
    );
    await addItem(getDb(), { cartId: await ensureCartId() }, input);
  });
  // A plain form post (no JavaScript, so no Next-Action header): the cached product page cannot show
  // the new cart, so the shopper sees it on the cart page instead.
  if (result.ok && !(await headers()).has("next-action")) redirect("/cart");
  return result;
}

export async function setQtyAction(_state: CartActionState, formData: FormData): Promise<CartActionState> {
  return run(async () => {
    const { qty } = validate(setQtySchema, { qty: Number(formData.get("qty")) }, await currentLocale());
    const cartId = await readCartId();
    if (!cartId) throw new AppError("CART_ITEM_NOT_FOUND");
    await setItemQty(getDb(), { cartId }, itemId(formData), qty);
  });
}

export async function removeItemAction(
  _state: CartActionState,
  formData: FormData,
): Promise<CartActionState> {
  return run(async () => {
    const cartId = await readCartId();
    if (!cartId) throw new AppError("CART_ITEM_NOT_FOUND");
    await removeItem(getDb(), { cartId }, itemId(formData));
  });
}

export async function applyCouponAction(
  _state: CartActionState,
  formData: FormData,
): Promise<CartActionState> {
  return run(async () => {
    const { code } = validate(couponCodeSchema, { code: formData.get("code") ?? "" }, await currentLocale());
    const ip = clientIp(await headers());
    await applyCouponLimited(getDb(), { cartId: await ensureCartId(), code, userId: null, ip });
  });
}

export async function removeCouponAction(
  _state: CartActionState,
  formData: FormData,
): Promise<CartActionState> {
  return run(async () => {
    const cartId = await readCartId();
    const code = formData.get("code");
    if (cartId && typeof code === "string")
      await removeCoupon(getDb(), cartId, normalizeCode(code.slice(0, 64)));
  });
}

export async function estimateShippingAction(
  _state: CartActionState,
  formData: FormData,
): Promise<CartActionState> {
  return run(async () => {
    const method = formData.get("method");
    const estimate = validate(
      shippingEstimateSchema,
      {
        country: formData.get("country") ?? "",
        postalCode: formData.get("postalCode") ?? "",
        method: method || null,
      },
      await currentLocale(),
    );
    await setShippingEstimate(getDb(), await ensureCartId(), estimate);
  });
}

export async function giftWrapAction(_state: CartActionState, formData: FormData): Promise<CartActionState> {
  return run(async () => {
    const cartId = await readCartId();
    if (cartId) await setGiftWrap(getDb(), cartId, formData.get("giftWrap") === "on");
  });
}
