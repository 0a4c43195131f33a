"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useOptimistic, useTransition } from "react";
import { addToCartAction, type CartActionState } from "@/app/actions/cart";
import { announceCartChange } from "./events";

/**
 * A plain form bound to a server action: without JavaScript it posts and a successful add leads to the
 * cart page (the product page is cached and cannot show the new cart), a refused one shows why; with it,
 * the button answers at once (optimistic "added") and the server's verdict replaces that a moment later.
 */
export function AddToCart({ sku, soldOut }: { sku: string; soldOut: boolean }) {
  const t = useTranslations("cart");
  const [state, formAction] = useActionState<CartActionState, FormData>(addToCartAction, { ok: false });
  const [optimistic, setOptimistic] = useOptimistic<CartActionState | "pending", "pending">(
    state,
    (_current, next) => next,
  );
  const [, startTransition] = useTransition();

  // The header's count and the live stock are fetched by the browser on the cached product page.
  useEffect(() => {
    if (state.ok && state.at) announceCartChange();
  }, [state]);

  const message =
    optimistic === "pending"
      ? t("added")
      : optimistic.error
        ? optimistic.error
        : optimistic.ok
          ? t("added")
          : null;
  const isError = optimistic !== "pending" && Boolean(optimistic.error);

  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => {
          setOptimistic("pending");
          formAction(data);
        });
      }}
      className="flex flex-col gap-3"
    >
      <input type="hidden" name="sku" value={sku} />
      <div className="flex items-end gap-3">
        <div>
          <label htmlFor="add-qty" className="mb-1 block text-sm font-medium text-stone-700">
            {t("quantity")}
          </label>
          <input
            id="add-qty"
            name="qty"
            type="number"
            inputMode="numeric"
            min={1}
            max={99}
            defaultValue={1}
            className="w-20 rounded-md border border-stone-300 bg-white px-3 py-2.5 text-sm"
          />
        </div>
        <button
          type="submit"
          disabled={soldOut}
          className="flex-1 rounded-md bg-accent-600 px-6 py-3 text-sm font-semibold text-white hover:bg-accent-700 disabled:cursor-not-allowed disabled:bg-stone-400"
        >
          {soldOut ? t("soldOut") : t("add")}
        </button>
      </div>
      <p
        role="status"
        aria-live="polite"
        data-testid="add-to-cart-status"
        className={`min-h-5 text-sm ${isError ? "text-red-700" : "text-brand-700"}`}
      >
        {message}
      </p>
    </form>
  );
}
