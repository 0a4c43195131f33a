"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { applyCouponAction, type CartActionState, removeCouponAction } from "@/app/actions/cart";

/** Enter a discount code; applied codes are listed with a remove button. Plain forms, no JS needed. */
export function CouponForm({ applied, formatted }: { applied: string[]; formatted: Record<string, string> }) {
  const t = useTranslations("pricing");
  const [state, apply, pending] = useActionState<CartActionState, FormData>(applyCouponAction, { ok: false });
  const [removeState, remove] = useActionState<CartActionState, FormData>(removeCouponAction, { ok: false });
  const error = state.error ?? removeState.error;
  return (
    <div className="flex flex-col gap-2">
      <form action={apply} className="flex gap-2">
        <label htmlFor="coupon-code" className="sr-only">
          {t("couponLabel")}
        </label>
        <input
          id="coupon-code"
          name="code"
          maxLength={64}
          autoComplete="off"
          placeholder={t("couponPlaceholder")}
          aria-invalid={Boolean(state.error)}
          aria-describedby="coupon-message"
          className="w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm uppercase"
        />
        <button
          type="submit"
          disabled={pending}
          className="rounded-md border border-brand-700 px-3 py-2 text-sm font-medium text-brand-800 hover:bg-brand-50"
        >
          {t("apply")}
        </button>
      </form>
      <p
        id="coupon-message"
        role="status"
        aria-live="polite"
        className="min-h-5 text-sm text-red-700"
        data-testid="coupon-error"
      >
        {error}
      </p>
      {applied.length > 0 && (
        <ul className="flex flex-col gap-1 text-sm">
          {applied.map((code) => (
            <li key={code} className="flex items-center justify-between gap-2" data-testid="applied-coupon">
              <span>
                <span className="font-mono font-semibold">{code}</span> {formatted[code]}
              </span>
              <form action={remove}>
                <input type="hidden" name="code" value={code} />
                <button type="submit" className="text-stone-600 underline hover:text-red-700">
                  {t("removeCoupon")}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
