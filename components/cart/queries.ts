"use client";

import type { MutationObserverOptions, QueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useQueryAfterPaint } from "@/components/data/after-paint";
import { tellOtherTabs } from "@/components/data/broadcast";
import { fetchJson } from "@/components/data/fetch";
import type { LiveSubmit } from "@/components/forms/Form";
import { stockKeys } from "@/components/product/queries";
import type { VisitorSummary } from "@/lib/cart/session";
import type { Cart } from "@/lib/cart/view";
import { type FormState, idle } from "@/lib/forms/state";

export const cartKeys = {
  cart: ["cart"] as const,
  /** The header's part: signed in or not, and the cart's units. */
  visitor: ["cart", "visitor"] as const,
};

/** The header's visitor: on every page, so it waits for the query layer until after paint. */
export function useVisitor(initial: VisitorSummary | null) {
  return useQueryAfterPaint(cartKeys.visitor, () => fetchJson<VisitorSummary>("/api/visitor"), initial);
}

/** The cart page's cart: the server's render first, then every change made here or in another tab. */
export function useCart(initial: Cart) {
  return useQueryAfterPaint(cartKeys.cart, () => fetchJson<Cart>("/api/cart"), initial);
}

/** The cart the server answered (or a guess at it) becomes the header's count at once. */
function showCart(client: QueryClient, cart: Cart): void {
  client.setQueryData(cartKeys.cart, cart);
  const cartCount = cart.items.reduce((sum, item) => sum + item.qty, 0);
  client.setQueryData<VisitorSummary>(cartKeys.visitor, (visitor) => visitor && { ...visitor, cartCount });
}

/**
 * A change to the cart through the API (each route answers the whole cart). With `optimistic`, the
 * cart shows the expected result at once and goes back to what it was if the server refuses.
 * Afterwards the count, the live stock and the shopper's other tabs catch up.
 */
export function cartMutation<V>(
  client: QueryClient,
  request: (vars: V) => Promise<Cart>,
  optimistic?: (cart: Cart, vars: V) => Cart,
): MutationObserverOptions<Cart, Error, V, { previous?: Cart }> {
  return {
    mutationFn: request,
    onMutate: async (vars) => {
      const previous = client.getQueryData<Cart>(cartKeys.cart);
      if (!optimistic || !previous) return {};
      await client.cancelQueries({ queryKey: cartKeys.cart });
      showCart(client, optimistic(previous, vars));
      return { previous };
    },
    onError: (_error, _vars, context) => {
      if (context?.previous) showCart(client, context.previous);
    },
    onSuccess: (cart) => showCart(client, cart),
    onSettled: () => {
      // The answer set this tab's cart and count. The cart is read once more only where it is shown
      // (the cart page), because two changes on their way at once may answer in either order; the
      // count needs no read of its own.
      void client.invalidateQueries({ queryKey: cartKeys.cart, exact: true });
      void client.invalidateQueries({ queryKey: stockKeys.all });
      tellOtherTabs([cartKeys.cart, stockKeys.all]);
    },
  };
}

/** What a cart form needs of its mutation (useMutation's result, or the after-paint one). */
interface FormMutation {
  mutate: (data: FormData) => void;
  isPending: boolean;
  isSuccess: boolean;
  isError: boolean;
  error: Error | null;
  submittedAt: number;
}

/**
 * A cart form's live submit (components/forms/Form `live`): with JavaScript the form's data goes to the
 * cart mutation and the form shows its answer; without, the form posts to its server action.
 */
export function useLiveCart(mutation: FormMutation): LiveSubmit & { pending: boolean } {
  const [typed, setTyped] = useState<Record<string, string>>({});
  const state: FormState = mutation.isError
    ? { status: "error", message: mutation.error?.message, values: typed }
    : // A new submit is a new answer, so the form re-applies its inputs' values each time.
      mutation.isSuccess
      ? { status: "ok", data: mutation.submittedAt }
      : idle;
  return {
    state,
    pending: mutation.isPending,
    submit: (data) => {
      setTyped(Object.fromEntries([...data].map(([name, value]) => [name, String(value)])));
      mutation.mutate(data);
    },
  };
}

/** The cart as it will be once a line holds `qty` (0 removes it); totals follow from the server. */
export function withLineQty(cart: Cart, itemId: string, qty: number): Cart {
  return {
    ...cart,
    items: cart.items
      .filter((item) => item.id !== itemId || qty > 0)
      .map((item) => (item.id === itemId ? { ...item, qty, lineTotal: item.unitPrice * qty } : item)),
  };
}
