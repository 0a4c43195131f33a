import { readCartId } from "@/lib/cart/session";
import { previewCheckout, previewInputSchema } from "@/lib/checkout/preview";
import { getDb } from "@/lib/db";
import { json, parseQuery, route } from "@/lib/http";

/** The checkout page's live shipping options and totals for the address and choices typed so far. */
export const GET = route(async (request, { locale }) => {
  const input = parseQuery(previewInputSchema, request, locale);
  return json(await previewCheckout(getDb(), await readCartId(), input, locale), {
    headers: { "cache-control": "private, no-store" },
  });
});
