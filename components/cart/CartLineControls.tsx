"use client";

import { useTranslations } from "next-intl";
import { removeItemAction, setQtyAction } from "@/app/actions/cart";
import { fetchJson } from "@/components/data/fetch";
import type { Cart } from "@/lib/cart/view";
import { useCartForm, withLineQty } from "./queries";
import { useCartMutation } from "./useCart";

const stepClass =
  "h-9 w-9 rounded-md border border-stone-300 bg-white text-lg leading-none hover:bg-stone-100 disabled:opacity-40";

/**
 * Quantity stepper and remove button of one cart line: forms, so they work without JavaScript too; with
 * it, the line changes at once and goes back if the store refuses (the reason shown under it).
 */
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
  const line = `/api/cart/items/${encodeURIComponent(itemId)}`;
  const setQty = useCartForm(
    setQtyAction,
    useCartMutation(
      (data: FormData) => fetchJson<Cart>(line, { method: "PATCH", body: { qty: Number(data.get("qty")) } }),
      (cart, data) => withLineQty(cart, itemId, Number(data.get("qty"))),
    ),
  );
  const remove = useCartForm(
    removeItemAction,
    useCartMutation(
      () => fetchJson<Cart>(line, { method: "DELETE" }),
      (cart) => withLineQty(cart, itemId, 0),
    ),
  );
  const error = setQty.error ?? remove.error;
  return (
    <div className="flex flex-col items-start gap-1">
      <div className="flex items-center gap-2">
        <form {...setQty.form}>
          <input type="hidden" name="itemId" value={itemId} />
          <input type="hidden" name="qty" value={qty - 1} />
          <button
            type="submit"
            className={stepClass}
            disabled={setQty.pending}
            aria-label={t("decrease", { name })}
          >
            −
          </button>
        </form>
        <span className="min-w-8 text-center font-medium" data-testid="line-qty" aria-live="polite">
          {qty}
        </span>
        <form {...setQty.form}>
          <input type="hidden" name="itemId" value={itemId} />
          <input type="hidden" name="qty" value={qty + 1} />
          <button
            type="submit"
            className={stepClass}
            disabled={setQty.pending || qty >= max}
            aria-label={t("increase", { name })}
          >
            +
          </button>
        </form>
        <form {...remove.form}>
          <input type="hidden" name="itemId" value={itemId} />
          <button
            type="submit"
            disabled={remove.pending}
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
