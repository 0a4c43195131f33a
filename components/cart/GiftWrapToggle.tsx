"use client";

import { useTranslations } from "next-intl";
import { giftWrapAction } from "@/app/actions/cart";
import { fetchJson } from "@/components/data/fetch";
import type { Cart } from "@/lib/cart/view";
import { useCartForm } from "./queries";
import { useCartMutation } from "./useCart";

export function GiftWrapToggle({ checked, price }: { checked: boolean; price: string }) {
  const t = useTranslations("pricing");
  const wrap = useCartForm(
    giftWrapAction,
    useCartMutation(
      (data: FormData) =>
        fetchJson<Cart>("/api/cart/gift-wrap", { method: "PUT", body: { giftWrap: data.has("giftWrap") } }),
      (cart, data) => ({ ...cart, giftWrap: data.has("giftWrap") }),
    ),
  );
  return (
    <form {...wrap.form} className="flex items-center justify-between gap-2 text-sm">
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          name="giftWrap"
          checked={checked}
          onChange={(event) => event.currentTarget.form?.requestSubmit()}
        />
        {t("giftWrap", { price })}
      </label>
      <noscript>
        <button type="submit" className="underline">
          {t("save")}
        </button>
      </noscript>
      {wrap.pending && <span className="text-stone-500">…</span>}
      {wrap.error && (
        <p role="alert" className="text-red-700">
          {wrap.error}
        </p>
      )}
    </form>
  );
}
