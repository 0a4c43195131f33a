"use client";

import { useLocale, useTranslations } from "next-intl";
import type { Cart } from "@/lib/cart/view";
import { formatMoney } from "@/lib/money";

/** Subtotal, discount with its codes, shipping, KDV per rate, fees and total: wherever money is shown. */
export function TotalsBreakdown({
  totals,
  coupons,
  shippingKnown,
  currency,
}: {
  totals: Cart["totals"];
  coupons: Cart["coupons"];
  shippingKnown: boolean;
  currency: string;
}) {
  const t = useTranslations("pricing");
  const locale = useLocale();
  const money = (amount: number) => formatMoney(amount, currency, locale);
  const codes = coupons.filter((c) => c.discount > 0).map((c) => c.code);
  return (
    <dl className="flex flex-col gap-2 text-sm" data-testid="totals">
      <div className="flex justify-between">
        <dt>{t("subtotal")}</dt>
        <dd data-testid="subtotal">{money(totals.subtotal)}</dd>
      </div>
      {totals.discount > 0 && (
        <div className="flex justify-between text-brand-700">
          <dt>{t("discount", { codes: codes.join(", ") })}</dt>
          <dd data-testid="discount">−{money(totals.discount)}</dd>
        </div>
      )}
      <div className="flex justify-between">
        <dt>{t("shipping")}</dt>
        <dd data-testid="shipping">
          {shippingKnown ? (totals.shipping === 0 ? t("free") : money(totals.shipping)) : t("shippingLater")}
        </dd>
      </div>
      {totals.feeLines.map((fee) => (
        <div key={fee.kind} className="flex justify-between">
          <dt>{t(`fee.${fee.kind}`)}</dt>
          <dd data-testid={`fee-${fee.kind}`}>{money(fee.amount)}</dd>
        </div>
      ))}
      {totals.taxLines
        .filter((line) => line.amount > 0)
        .map((line) => (
          <div key={line.rate} className="flex justify-between text-stone-600">
            <dt>
              {totals.taxIncluded
                ? t("taxIncludedLine", { rate: line.rate })
                : t("taxLine", { rate: line.rate })}
            </dt>
            <dd data-testid={`tax-${line.rate}`}>{money(line.amount)}</dd>
          </div>
        ))}
      <div className="flex justify-between border-t border-stone-200 pt-2 text-base font-semibold">
        <dt>{t("total")}</dt>
        <dd data-testid="total">{money(totals.total)}</dd>
      </div>
    </dl>
  );
}
