import { addItemSchema } from "@/lib/cart/schemas";
import { addItem, getCart } from "@/lib/cart/service";
import { ensureCartId } from "@/lib/cart/session";
import { getDb } from "@/lib/db";
import { json, parseJson, route } from "@/lib/http";

export const POST = route(async (request, { locale }) => {
  const input = await parseJson(addItemSchema, request, locale);
  const cartId = await ensureCartId();
  await addItem(getDb(), { cartId }, input);
  return json(await getCart(getDb(), cartId, locale));
});
