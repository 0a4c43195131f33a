"use client";

import { useTranslations } from "next-intl";
import { estimateShippingAction } from "@/app/actions/cart";
import { fetchJson } from "@/components/data/fetch";
import type { Cart } from "@/lib/cart/view";
import { ESTIMATE_COUNTRIES } from "@/lib/shipping/schemas";
import { useCartForm } from "./queries";
import { useCartMutation } from "./useCart";

export function ShippingEstimator({
  country,
  postalCode,
  method,
  options,
  countryNames,
}: {
  country: string;
  postalCode: string;
  method: string | null;
  options: { id: string; label: string }[];
  countryNames: Record<string, string>;
}) {
  const t = useTranslations("pricing");
  const estimate = useCartForm(
    estimateShippingAction,
    useCartMutation((data: FormData) =>
      fetchJson<Cart>("/api/cart/shipping", {
        method: "PUT",
        body: {
          country: data.get("country"),
          postalCode: data.get("postalCode"),
          method: data.get("method") || null,
        },
      }),
    ),
  );
  return (
    <form {...estimate.form} className="flex flex-col gap-2" aria-labelledby="estimate-heading">
      <p id="estimate-heading" className="text-sm font-medium">
        {t("estimateTitle")}
      </p>
      <div className="grid grid-cols-2 gap-2">
        <div>
          <label htmlFor="estimate-country" className="sr-only">
            {t("country")}
          </label>
          <select
            id="estimate-country"
            name="country"
            defaultValue={country || "TR"}
            className="w-full rounded-md border border-stone-300 bg-white px-2 py-2 text-sm"
          >
            {ESTIMATE_COUNTRIES.map((code) => (
              <option key={code} value={code}>
                {countryNames[code] ?? code}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="estimate-postal" className="sr-only">
            {t("postalCode")}
          </label>
          <input
            id="estimate-postal"
            name="postalCode"
            defaultValue={postalCode}
            placeholder={t("postalCode")}
            maxLength={12}
            inputMode="text"
            className="w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm"
          />
        </div>
      </div>
      {options.length > 0 && (
        <fieldset className="flex flex-col gap-1 text-sm">
          <legend className="sr-only">{t("method")}</legend>
          {options.map((option) => (
            <label key={option.id} className="flex items-center gap-2">
              <input type="radio" name="method" value={option.id} defaultChecked={option.id === method} />
              {option.label}
            </label>
          ))}
        </fieldset>
      )}
      <button
        type="submit"
        disabled={estimate.pending}
        className="rounded-md border border-brand-700 px-3 py-2 text-sm font-medium text-brand-800 hover:bg-brand-50"
      >
        {t("estimate")}
      </button>
      {estimate.error && (
        <p role="alert" className="text-sm text-red-700" data-testid="estimate-error">
          {estimate.error}
        </p>
      )}
    </form>
  );
}
