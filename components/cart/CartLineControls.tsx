"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { removeItemAction, setQtyAction } from "@/app/actions/cart";
import { fetchJson } from "@/components/data/fetch";
import { Form, type LiveSubmit } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import type { Cart } from "@/lib/cart/view";
import type { FormAction } from "@/lib/forms/state";
import { useLiveCart, withLineQty } from "./queries";
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
  const setQty = useLiveCart(
    useCartMutation(
      (data: FormData) => fetchJson<Cart>(line, { method: "PATCH", body: { qty: Number(data.get("qty")) } }),
      (cart, data) => withLineQty(cart, itemId, Number(data.get("qty"))),
    ),
  );
  const remove = useLiveCart(
    useCartMutation(
      () => fetchJson<Cart>(line, { method: "DELETE" }),
      (cart) => withLineQty(cart, itemId, 0),
    ),
  );
  const error = [setQty.state, remove.state].find((state) => state.status === "error")?.message;
  return (
    <div className="flex flex-col items-start gap-1">
      <div className="flex items-center gap-2">
        <LineButton
          action={setQtyAction}
          live={setQty}
          fields={{ itemId, qty: qty - 1 }}
          label={t("decrease", { name })}
          className={stepClass}
          disabled={setQty.pending}
        >
          −
        </LineButton>
        <span className="min-w-8 text-center font-medium" data-testid="line-qty" aria-live="polite">
          {qty}
        </span>
        <LineButton
          action={setQtyAction}
          live={setQty}
          fields={{ itemId, qty: qty + 1 }}
          label={t("increase", { name })}
          className={stepClass}
          disabled={setQty.pending || qty >= max}
        >
          +
        </LineButton>
        <LineButton
          action={removeItemAction}
          live={remove}
          fields={{ itemId }}
          label={t("removeNamed", { name })}
          className="ml-2 text-sm text-stone-600 underline hover:text-red-700"
          disabled={remove.pending}
        >
          {t("remove")}
        </LineButton>
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

/** One of a line's buttons: a form of its own, so it posts without JavaScript too. */
function LineButton({
  action,
  live,
  fields,
  label,
  className,
  disabled,
  children,
}: {
  action: FormAction;
  live: LiveSubmit;
  fields: Record<string, string | number>;
  label: string;
  className: string;
  disabled: boolean;
  children: ReactNode;
}) {
  return (
    <Form action={action} live={live} hidden={fields} outcome="none">
      <SubmitButton look="none" className={className} disabled={disabled} aria-label={label}>
        {children}
      </SubmitButton>
    </Form>
  );
}
