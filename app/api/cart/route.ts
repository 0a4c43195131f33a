import { getDb } from "@/db/client";
import { getCart } from "@/lib/cart/service";
import { readCartId } from "@/lib/cart/session";
import { json, route } from "@/lib/http";

export const GET = route(async (_request, { locale }) =>
  json(await getCart(getDb(), await readCartId(), locale)),
);
