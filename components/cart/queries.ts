"use client";

import type { MutationObserverOptions, QueryClient } from "@tanstack/react-query";
import { type FormEvent, useActionState } from "react";
import type { CartActionState } from "@/app/actions/cart";
import { useQueryAfterPaint } from "@/components/data/after-paint";
import { invalidateEverywhere } from "@/components/data/broadcast";
import { fetchJson } from "@/components/data/fetch";
import { stockKeys } from "@/components/product/queries";
import type { VisitorSummary } from "@/lib/cart/session";
import type { Cart } from "@/lib/cart/view";

export const cartKeys = {
  cart: ["cart"] as const,
  /** The header's part: signed in or not, and the cart's units. */
  visitor: ["cart", "visitor"] as const,
};

/** The header's visitor: on every page, so it waits for the query layer until after paint. */
export function useVisitor(initial: VisitorSummary | null) {
  return useQueryAfterPaint(cartKeys.visitor, () => fetchJson<VisitorSummary>("/api/visitor"), initial);
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
    onSettled: () => invalidateEverywhere(client, [cartKeys.cart, stockKeys.all]),
  };
}

/** What a cart form needs of its mutation (useMutation's result, or the after-paint one). */
interface FormMutation {
  mutate: (data: FormData, options: { onSuccess: () => void }) => void;
  isIdle: boolean;
  isPending: boolean;
  isSuccess: boolean;
  isError: boolean;
  error: Error | null;
}

/**
 * A cart form that works both ways: without JavaScript it posts to its server action (the page comes
 * back with the result); with it, the submit runs the cart mutation on the form's data.
 */
export function useCartForm(
  action: (state: CartActionState, data: FormData) => Promise<CartActionState>,
  mutation: FormMutation,
  { resetOnSuccess = false } = {},
) {
  const [state, formAction] = useActionState(action, { ok: false });
  return {
    form: {
      action: formAction,
      onSubmit: (event: FormEvent<HTMLFormElement>) => {
        event.preventDefault();
        const form = event.currentTarget;
        const submitter = (event.nativeEvent as SubmitEvent).submitter;
        mutation.mutate(new FormData(form, submitter), { onSuccess: () => resetOnSuccess && form.reset() });
      },
    },
    /** The refusal to show, in the shopper's language (from the API, or from the action without JS). */
    error: mutation.isError ? mutation.error?.message : mutation.isIdle ? state.error : undefined,
    pending: mutation.isPending,
    done: mutation.isSuccess || (mutation.isIdle && state.ok),
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
