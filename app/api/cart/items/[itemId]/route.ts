import { itemIdSchema, setQtySchema } from "@/lib/cart/schemas";
import { getCart, removeItem, setItemQty } from "@/lib/cart/service";
import { readCartId } from "@/lib/cart/session";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { json, parseJson, route } from "@/lib/http";

async function ownedLine(itemId: string) {
  const cartId = await readCartId();
  if (!cartId || !itemIdSchema.safeParse(itemId).success)
    throw new AppError("CART_ITEM_NOT_FOUND", { itemId });
  return cartId;
}

export const PATCH = route<{ itemId: string }>(async (request, { params, locale }) => {
  const { qty } = await parseJson(setQtySchema, request, locale);
  const cartId = await ownedLine(params.itemId);
  await setItemQty(getDb(), { cartId }, params.itemId, qty);
  return json(await getCart(getDb(), cartId, locale));
});

export const DELETE = route<{ itemId: string }>(async (_request, { params, locale }) => {
  const cartId = await ownedLine(params.itemId);
  await removeItem(getDb(), { cartId }, params.itemId);
  return json(await getCart(getDb(), cartId, locale));
});
