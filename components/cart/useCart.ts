"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Cart } from "@/lib/cart/view";
import { cartMutation } from "./queries";

export function useCartMutation<V>(
  request: (vars: V) => Promise<Cart>,
  optimistic?: (cart: Cart, vars: V) => Cart,
) {
  return useMutation(cartMutation(useQueryClient(), request, optimistic));
}
