"use client";

import { useTranslations } from "next-intl";
import { applyCouponAction, removeCouponAction } from "@/app/actions/cart";
import { fetchJson } from "@/components/data/fetch";
import type { Cart } from "@/lib/cart/view";
import { useCartForm } from "./queries";
import { useCartMutation } from "./useCart";

/** Enter a discount code; applied codes are listed with a remove button. Plain forms, no JS needed;
 * with it, the cart query takes the answer. */
export function CouponForm({ applied, formatted }: { applied: string[]; formatted: Record<string, string> }) {
  const t = useTranslations("pricing");
  const apply = useCartForm(
    applyCouponAction,
    useCartMutation((data: FormData) =>
      fetchJson<Cart>("/api/cart/coupon", { method: "POST", body: { code: data.get("code") } }),
    ),
    { resetOnSuccess: true },
  );
  const remove = useCartForm(
    removeCouponAction,
    useCartMutation((data: FormData) =>
      fetchJson<Cart>(`/api/cart/coupon?code=${encodeURIComponent(String(data.get("code")))}`, {
        method: "DELETE",
      }),
    ),
  );
  const error = apply.error ?? remove.error;
  return (
    <div className="flex flex-col gap-2">
      <form {...apply.form} className="flex gap-2">
        <label htmlFor="coupon-code" className="sr-only">
          {t("couponLabel")}
        </label>
        <input
          id="coupon-code"
          name="code"
          maxLength={64}
          autoComplete="off"
          placeholder={t("couponPlaceholder")}
          aria-invalid={Boolean(apply.error)}
          aria-describedby="coupon-message"
          className="w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm uppercase"
        />
        <button
          type="submit"
          disabled={apply.pending}
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
              <form {...remove.form}>
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
