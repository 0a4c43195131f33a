import { getCart } from "@/lib/cart/service";
import { readCartId } from "@/lib/cart/session";
import { getDb } from "@/lib/db";
import { json, route } from "@/lib/http";

export const GET = route(async (_request, { locale }) =>
  json(await getCart(getDb(), await readCartId(), locale)),
);
