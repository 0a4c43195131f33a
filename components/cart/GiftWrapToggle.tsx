"use client";

import { useTranslations } from "next-intl";
import { giftWrapAction } from "@/app/actions/cart";
import { fetchJson } from "@/components/data/fetch";
import { Checkbox } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import type { Cart } from "@/lib/cart/view";
import { useLiveCart } from "./queries";
import { useCartMutation } from "./useCart";

/** Gift wrapping on or off: saved as soon as it is ticked (a button without JavaScript). */
export function GiftWrapToggle({ checked, price }: { checked: boolean; price: string }) {
  const t = useTranslations("pricing");
  const wrap = useLiveCart(
    useCartMutation(
      (data: FormData) =>
        fetchJson<Cart>("/api/cart/gift-wrap", { method: "PUT", body: { giftWrap: data.has("giftWrap") } }),
      (cart, data) => ({ ...cart, giftWrap: data.has("giftWrap") }),
    ),
  );
  return (
    <Form action={giftWrapAction} live={wrap} className="flex items-center justify-between gap-2 text-sm">
      <Checkbox
        name="giftWrap"
        label={t("giftWrap", { price })}
        defaultChecked={checked}
        onChange={(event) => event.currentTarget.form?.requestSubmit()}
      />
      <noscript>
        <SubmitButton look="none" className="underline">
          {t("save")}
        </SubmitButton>
      </noscript>
      {wrap.pending && <span className="text-stone-500">…</span>}
    </Form>
  );
}
