"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/components/data/fetch";
import { useSeededQuery } from "@/components/data/seeded";
import type { Cart } from "@/lib/cart/view";
import { cartKeys, cartMutation } from "./queries";

/** The cart page's cart: the server's render first, then every change made here or in another tab. */
export function useCart(initial: Cart) {
  return useSeededQuery(cartKeys.cart, () => fetchJson<Cart>("/api/cart"), initial);
}

export function useCartMutation<V>(
  request: (vars: V) => Promise<Cart>,
  optimistic?: (cart: Cart, vars: V) => Cart,
) {
  return useMutation(cartMutation(useQueryClient(), request, optimistic));
}
