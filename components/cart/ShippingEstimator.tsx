"use client";

import { useTranslations } from "next-intl";
import { estimateShippingAction } from "@/app/actions/cart";
import { fetchJson } from "@/components/data/fetch";
import { Field, Select } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import type { Cart } from "@/lib/cart/view";
import { ESTIMATE_COUNTRIES } from "@/lib/shipping/schemas";
import { useLiveCart } from "./queries";
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
  const estimate = useLiveCart(
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
    <Form
      action={estimateShippingAction}
      live={estimate}
      idPrefix="estimate"
      outcome="none"
      values={{ country: country || "TR", postalCode }}
      className="flex flex-col gap-2"
      label={t("estimateTitle")}
    >
      {(state) => (
        <>
          <p className="text-sm font-medium">{t("estimateTitle")}</p>
          <div className="grid grid-cols-2 gap-2">
            <Select name="country" label={t("country")} hideLabel>
              {ESTIMATE_COUNTRIES.map((code) => (
                <option key={code} value={code}>
                  {countryNames[code] ?? code}
                </option>
              ))}
            </Select>
            <Field
              name="postalCode"
              label={t("postalCode")}
              hideLabel
              placeholder={t("postalCode")}
              maxLength={12}
              inputMode="text"
            />
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
          <SubmitButton look="outline" disabled={estimate.pending}>
            {t("estimate")}
          </SubmitButton>
          {state.status === "error" && (
            <p role="alert" className="text-sm text-red-700" data-testid="estimate-error">
              {state.message}
            </p>
          )}
        </>
      )}
    </Form>
  );
}
