"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { type CartActionState, giftWrapAction } from "@/app/actions/cart";

export function GiftWrapToggle({ checked, price }: { checked: boolean; price: string }) {
  const t = useTranslations("pricing");
  const [, action, pending] = useActionState<CartActionState, FormData>(giftWrapAction, { ok: false });
  return (
    <form action={action} className="flex items-center justify-between gap-2 text-sm">
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          name="giftWrap"
          defaultChecked={checked}
          onChange={(event) => event.currentTarget.form?.requestSubmit()}
        />
        {t("giftWrap", { price })}
      </label>
      <noscript>
        <button type="submit" className="underline">
          {t("save")}
        </button>
      </noscript>
      {pending && <span className="text-stone-500">…</span>}
    </form>
  );
}
