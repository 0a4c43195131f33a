import { readCartId } from "@/lib/cart/session";
import { getDb } from "@/lib/db";
import { json, parseQuery, route } from "@/lib/http";
import { cartPreContract, preContractInputSchema } from "@/lib/legal/contracts";

/**
 * The pre-information form and the distance sales contract of the current cart, rendered (HTML) for the
 * choices and buyer details typed so far in the checkout; 409 CART_EMPTY when there is nothing to buy.
 */
export const GET = route(async (request, { locale }) => {
  const input = parseQuery(preContractInputSchema, request, locale);
  return json(await cartPreContract(getDb(), await readCartId(), input, locale), {
    headers: { "cache-control": "private, no-store" },
  });
});
