"use client";

import { useTranslations } from "next-intl";
import { addToCartAction } from "@/app/actions/cart";
import { useMutationAfterPaint } from "@/components/data/after-paint";
import { fetchJson } from "@/components/data/fetch";
import { Field } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import type { Cart } from "@/lib/cart/view";
import { cartMutation, useLiveCart } from "./queries";

/**
 * Without JavaScript the form posts to its server action: a successful add leads to the cart page (the
 * product page is cached and cannot show the new cart), a refused one shows why. With it, the API is
 * called through the cart's mutation: the button answers at once ("added") and the server's verdict
 * replaces that a moment later, while the header's count and the live stock catch up.
 */
export function AddToCart({ sku, soldOut }: { sku: string; soldOut: boolean }) {
  const t = useTranslations("cart");
  const add = useLiveCart(
    useMutationAfterPaint((client) =>
      cartMutation(client, (data: FormData) =>
        fetchJson<Cart>("/api/cart/items", { method: "POST", body: { sku, qty: Number(data.get("qty")) } }),
      ),
    ),
  );
  return (
    <Form
      action={addToCartAction}
      live={add}
      hidden={{ sku }}
      idPrefix="add"
      outcome="none"
      className="flex flex-col gap-3"
    >
      {(state) => (
        <>
          <div className="flex items-end gap-3">
            <Field
              name="qty"
              label={t("quantity")}
              type="number"
              inputMode="numeric"
              min={1}
              max={99}
              defaultValue={1}
              className="w-20"
            />
            <SubmitButton
              look="none"
              disabled={soldOut}
              className="flex-1 rounded-md bg-accent-600 px-6 py-3 text-sm font-semibold text-white hover:bg-accent-700 disabled:cursor-not-allowed disabled:bg-stone-400"
            >
              {soldOut ? t("soldOut") : t("add")}
            </SubmitButton>
          </div>
          <p
            role="status"
            aria-live="polite"
            data-testid="add-to-cart-status"
            className={`min-h-5 text-sm ${state.status === "error" ? "text-red-700" : "text-brand-700"}`}
          >
            {state.status === "error"
              ? state.message
              : add.pending || state.status === "ok"
                ? t("added")
                : null}
          </p>
        </>
      )}
    </Form>
  );
}
