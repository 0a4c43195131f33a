import { giftWrapSchema } from "@/lib/cart/schemas";
import { getCart, setGiftWrap } from "@/lib/cart/service";
import { ensureCartId } from "@/lib/cart/session";
import { getDb } from "@/lib/db";
import { json, parseJson, route } from "@/lib/http";

/** Gift wrapping on or off; its fee (when the store offers it) is then among the cart's totals. */
export const PUT = route(async (request, { locale }) => {
  const { giftWrap } = await parseJson(giftWrapSchema, request, locale);
  const cartId = await ensureCartId();
  await setGiftWrap(getDb(), cartId, giftWrap);
  return json(await getCart(getDb(), cartId, locale));
});
