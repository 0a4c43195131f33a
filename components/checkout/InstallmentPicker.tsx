"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { formatMoney } from "@/lib/money";
import { useInstallments } from "./queries";

/**
 * Installments (taksit) at checkout: the shopper types the card's first six digits, the store's provider
 * answers with the options for that card and the current total (GET /api/payments/installments), and the
 * chosen count goes with the order. The card itself is entered on the provider's page only.
 */
export function InstallmentPicker({
  amount,
  currency,
  locale,
}: {
  amount: number;
  currency: string;
  locale: string;
}) {
  const t = useTranslations("checkout");
  const [bin, setBin] = useState("");
  const [chosen, setChosen] = useState(1);
  const installments = useInstallments(bin, amount);
  const table = installments.data;
  const money = (value: number) => formatMoney(value, currency, locale);

  return (
    <fieldset className="flex flex-col gap-2 rounded-md border border-stone-200 bg-white p-3 text-sm">
      <legend className="px-1 font-medium">{t("installmentsTitle")}</legend>
      <label htmlFor="card-bin" className="text-stone-700">
        {t("installmentsBin")}
      </label>
      <input
        id="card-bin"
        inputMode="numeric"
        autoComplete="off"
        maxLength={6}
        onChange={(event) => {
          setBin(event.currentTarget.value.replace(/\D/g, ""));
          setChosen(1);
        }}
        className="w-40 rounded-md border border-stone-300 px-3 py-2"
        aria-describedby="card-bin-hint"
      />
      <p id="card-bin-hint" className="text-stone-500">
        {t("installmentsHint")}
      </p>
      <div aria-live="polite">
        {installments.isFetching && <p>{t("installmentsLoading")}</p>}
        {installments.isError && <p>{t("installmentsNone")}</p>}
      </div>
      <input type="hidden" name="installments" value={chosen} />
      {table?.options.map((option) => (
        <label key={option.count} className="flex items-center gap-2">
          <input
            type="radio"
            name="installmentChoice"
            checked={chosen === option.count}
            onChange={() => setChosen(option.count)}
          />
          {option.count === 1
            ? t("single", { total: money(option.totalPrice) })
            : t("installmentOption", {
                count: option.count,
                each: money(option.installmentPrice),
                total: money(option.totalPrice),
              })}
        </label>
      ))}
    </fieldset>
  );
}
