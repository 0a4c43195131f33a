import { clientIp } from "@/lib/auth/ip";
import { getDb } from "@/lib/db";
import { json, parseQuery, route } from "@/lib/http";
import { installmentOptions, installmentQuerySchema } from "@/lib/payments/installments";

/** The installment table of the store's card provider for a card's first digits and an amount. */
export const GET = route(async (request, { locale }) => {
  const query = parseQuery(installmentQuerySchema, request, locale);
  const table = await installmentOptions(getDb(), { ...query, locale, visitor: clientIp(request.headers) });
  return json(table);
});
