"use client";

import { useTranslations } from "next-intl";
import { applyCouponAction, removeCouponAction } from "@/app/actions/cart";
import { fetchJson } from "@/components/data/fetch";
import { Field } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import type { Cart } from "@/lib/cart/view";
import { useLiveCart } from "./queries";
import { useCartMutation } from "./useCart";

/**
 * Enter a discount code; applied codes are listed with a remove button. Plain forms, no JavaScript
 * needed; with it, the cart query takes the answer.
 */
export function CouponForm({ applied, formatted }: { applied: string[]; formatted: Record<string, string> }) {
  const t = useTranslations("pricing");
  const apply = useLiveCart(
    useCartMutation((data: FormData) =>
      fetchJson<Cart>("/api/cart/coupon", { method: "POST", body: { code: data.get("code") } }),
    ),
  );
  const remove = useLiveCart(
    useCartMutation((data: FormData) =>
      fetchJson<Cart>(`/api/cart/coupon?code=${encodeURIComponent(String(data.get("code")))}`, {
        method: "DELETE",
      }),
    ),
  );
  const error = [apply.state, remove.state].find((state) => state.status === "error")?.message;
  return (
    <div className="flex flex-col gap-2">
      <Form
        action={applyCouponAction}
        live={apply}
        idPrefix="coupon"
        outcome="none"
        className="flex items-end gap-2"
      >
        <Field
          name="code"
          label={t("couponLabel")}
          hideLabel
          maxLength={64}
          autoComplete="off"
          placeholder={t("couponPlaceholder")}
          aria-describedby="coupon-message"
          className="flex-1 [&_input]:uppercase"
        />
        <SubmitButton look="outline" disabled={apply.pending}>
          {t("apply")}
        </SubmitButton>
      </Form>
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
              <Form action={removeCouponAction} live={remove} hidden={{ code }} outcome="none">
                <SubmitButton look="none" className="text-stone-600 underline hover:text-red-700">
                  {t("removeCoupon")}
                </SubmitButton>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
