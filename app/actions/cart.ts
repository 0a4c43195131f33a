"use server";

import { refresh } from "next/cache";
import { getDb } from "@/db/client";
import { addItemSchema, itemIdSchema, setQtySchema } from "@/lib/cart/schemas";
import { addItem, removeItem, setItemQty } from "@/lib/cart/service";
import { ensureCartId, readCartId } from "@/lib/cart/session";
import { AppError, isAppError, isDatabaseUnavailable } from "@/lib/errors";
import { errorMessage } from "@/lib/http";
import { currentLocale } from "@/lib/i18n/server";
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
    console.error("Cart action failed", error);
    return { ok: false, error: errorMessage("INTERNAL_ERROR", locale) };
  }
}

function itemId(formData: FormData): string {
  const id = formData.get("itemId");
  if (!itemIdSchema.safeParse(id).success) throw new AppError("CART_ITEM_NOT_FOUND");
  return id as string;
}

export async function addToCartAction(_state: CartActionState, formData: FormData): Promise<CartActionState> {
  return run(async () => {
    const input = validate(
      addItemSchema,
      { sku: formData.get("sku"), qty: Number(formData.get("qty") ?? 1) },
      await currentLocale(),
    );
    await addItem(getDb(), { cartId: await ensureCartId() }, input);
  });
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
