"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { type CartActionState, removeItemAction, setQtyAction } from "@/app/actions/cart";

const stepClass =
  "h-9 w-9 rounded-md border border-stone-300 bg-white text-lg leading-none hover:bg-stone-100 disabled:opacity-40";

/** Quantity stepper and remove button of one cart line: forms, so they work without JavaScript too. */
export function CartLineControls({
  itemId,
  qty,
  max,
  name,
}: {
  itemId: string;
  qty: number;
  max: number;
  name: string;
}) {
  const t = useTranslations("cart");
  const [qtyState, qtyAction, qtyPending] = useActionState<CartActionState, FormData>(setQtyAction, {
    ok: false,
  });
  const [removeState, removeAction, removePending] = useActionState<CartActionState, FormData>(
    removeItemAction,
    {
      ok: false,
    },
  );
  const error = qtyState.error ?? removeState.error;
  return (
    <div className="flex flex-col items-start gap-1">
      <div className="flex items-center gap-2">
        <form action={qtyAction}>
          <input type="hidden" name="itemId" value={itemId} />
          <input type="hidden" name="qty" value={qty - 1} />
          <button
            type="submit"
            className={stepClass}
            disabled={qtyPending}
            aria-label={t("decrease", { name })}
          >
            −
          </button>
        </form>
        <span className="min-w-8 text-center font-medium" data-testid="line-qty" aria-live="polite">
          {qty}
        </span>
        <form action={qtyAction}>
          <input type="hidden" name="itemId" value={itemId} />
          <input type="hidden" name="qty" value={qty + 1} />
          <button
            type="submit"
            className={stepClass}
            disabled={qtyPending || qty >= max}
            aria-label={t("increase", { name })}
          >
            +
          </button>
        </form>
        <form action={removeAction}>
          <input type="hidden" name="itemId" value={itemId} />
          <button
            type="submit"
            disabled={removePending}
            className="ml-2 text-sm text-stone-600 underline hover:text-red-700"
            aria-label={t("removeNamed", { name })}
          >
            {t("remove")}
          </button>
        </form>
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
