"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState, useTransition } from "react";
import { type CheckoutState, placeOrderAction } from "@/app/actions/checkout";
import type { Preview } from "@/lib/checkout/preview";
import { formatMoney } from "@/lib/money";
import { InstallmentPicker } from "./InstallmentPicker";
import { useCheckoutPreview } from "./queries";

export interface CheckoutAddress {
  name: string;
  line1: string;
  line2?: string;
  district?: string;
  city: string;
  postalCode: string;
  country: string;
  phone: string;
}

const FIELDS = ["name", "line1", "line2", "district", "city", "postalCode", "phone"] as const;
const REQUIRED = new Set(["name", "line1", "city", "postalCode", "phone"]);
const inputClass = "w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm";

function AddressFields({
  prefix,
  initial,
  errors,
  countries,
  onDestination,
}: {
  prefix: "shipping" | "billing";
  initial: Partial<CheckoutAddress>;
  errors: Record<string, string>;
  countries: { code: string; name: string }[];
  onDestination?: (country: string, postalCode: string) => void;
}) {
  const t = useTranslations("checkout");
  const [country, setCountry] = useState(initial.country ?? "TR");
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
      {FIELDS.map((field) => {
        const id = `${prefix}-${field}`;
        const error = errors[`${prefix}Address.${field}`];
        return (
          <div key={field} className={field === "line1" || field === "line2" ? "sm:col-span-2" : ""}>
            <label htmlFor={id} className="mb-1 block text-sm font-medium text-stone-700">
              {t(field)}
            </label>
            <input
              id={id}
              name={`${prefix}.${field}`}
              defaultValue={initial[field] ?? ""}
              required={REQUIRED.has(field)}
              aria-invalid={Boolean(error)}
              aria-describedby={error ? `${id}-error` : undefined}
              autoComplete={
                {
                  name: "name",
                  line1: "address-line1",
                  line2: "address-line2",
                  district: "address-level3",
                  city: "address-level1",
                  postalCode: "postal-code",
                  phone: "tel",
                }[field]
              }
              inputMode={field === "postalCode" || field === "phone" ? "tel" : undefined}
              onBlur={
                field === "postalCode" && onDestination
                  ? (event) => onDestination(country, event.currentTarget.value)
                  : undefined
              }
              className={inputClass}
            />
            {error && (
              <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
                {error}
              </p>
            )}
          </div>
        );
      })}
      <div>
        <label htmlFor={`${prefix}-country`} className="mb-1 block text-sm font-medium text-stone-700">
          {t("country")}
        </label>
        <select
          id={`${prefix}-country`}
          name={`${prefix}.country`}
          value={country}
          onChange={(event) => {
            setCountry(event.currentTarget.value);
            const postal =
              (document.getElementById(`${prefix}-postalCode`) as HTMLInputElement | null)?.value ?? "";
            onDestination?.(event.currentTarget.value, postal);
          }}
          className={inputClass}
        >
          {countries.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

export function CheckoutForm({
  idempotencyKey,
  email,
  initialAddress,
  savedAddresses,
  countries,
  cardProvider,
  maxInstallments,
  currency,
  locale,
  initialPreview,
}: {
  idempotencyKey: string;
  email: string;
  initialAddress: Partial<CheckoutAddress>;
  savedAddresses: (CheckoutAddress & { id: string; label: string })[];
  countries: { code: string; name: string }[];
  /** The provider that takes cards, or null when cards are not offered. */
  cardProvider: string | null;
  maxInstallments: number;
  currency: string;
  locale: string;
  initialPreview: Preview;
}) {
  const t = useTranslations("checkout");
  const tp = useTranslations("pricing");
  const to = useTranslations("orders");
  const cardAvailable = cardProvider !== null;
  const [state, action, pending] = useActionState<CheckoutState, FormData>(placeOrderAction, {});
  const [address, setAddress] = useState(initialAddress);
  const [destination, setDestination] = useState({
    country: initialAddress.country ?? "TR",
    postalCode: initialAddress.postalCode ?? "",
  });
  const [method, setMethod] = useState(initialPreview.options[0]?.id ?? "standard");
  const [payment, setPayment] = useState(cardAvailable ? "card" : "cash_on_delivery");
  const [billingSame, setBillingSame] = useState(true);
  const { data: preview = initialPreview, isPlaceholderData: previewPending } = useCheckoutPreview(
    { ...destination, shippingMethod: method, paymentMethod: payment },
    initialPreview,
  );
  const [, startSubmit] = useTransition();
  const money = (amount: number) => formatMoney(amount, currency, locale);

  const errors = state.fields ?? {};
  const totals = state.totals ?? preview.totals;

  return (
    <form
      action={action}
      // Submitted by hand so React does not clear the fields when the server answers with an error.
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startSubmit(() => action(data));
      }}
      className="grid gap-8 lg:grid-cols-[1fr_20rem]"
      noValidate
    >
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      {totals && <input type="hidden" name="expectedTotal" value={totals.total} />}
      <div className="flex flex-col gap-8">
        <fieldset className="flex flex-col gap-3">
          <legend className="mb-2 text-lg font-semibold">{t("contact")}</legend>
          <label htmlFor="email" className="text-sm font-medium text-stone-700">
            {t("email")}
          </label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="email"
            required
            defaultValue={email}
            aria-invalid={Boolean(errors.email)}
            className={inputClass}
          />
          {errors.email && <p className="text-sm text-red-700">{errors.email}</p>}
        </fieldset>

        <fieldset className="flex flex-col gap-3">
          <legend className="mb-2 text-lg font-semibold">{t("shippingAddress")}</legend>
          {savedAddresses.length > 0 && (
            <div className="flex flex-wrap gap-2 text-sm">
              <span className="text-stone-600">{t("savedAddresses")}:</span>
              {savedAddresses.map((saved) => (
                <button
                  key={saved.id}
                  type="button"
                  onClick={() => {
                    setAddress(saved);
                    setDestination({ country: saved.country, postalCode: saved.postalCode });
                  }}
                  className="rounded-md border border-stone-300 px-2 py-1 hover:border-brand-600"
                >
                  {saved.label}
                </button>
              ))}
            </div>
          )}
          <AddressFields
            key={JSON.stringify(address)}
            prefix="shipping"
            initial={address}
            errors={errors}
            countries={countries}
            onDestination={(country, postalCode) => setDestination({ country, postalCode })}
          />
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name="billingSame"
              checked={billingSame}
              onChange={(event) => setBillingSame(event.currentTarget.checked)}
            />
            {t("billingSame")}
          </label>
        </fieldset>

        {!billingSame && (
          <fieldset className="flex flex-col gap-3">
            <legend className="mb-2 text-lg font-semibold">{t("billingAddress")}</legend>
            <AddressFields
              prefix="billing"
              initial={{ country: "TR" }}
              errors={errors}
              countries={countries}
            />
          </fieldset>
        )}

        <fieldset className="flex flex-col gap-2">
          <legend className="mb-2 text-lg font-semibold">{t("shippingMethod")}</legend>
          {preview.options.length === 0 && (
            <p className="text-sm text-stone-600">
              {preview.problem === "NO_SHIPPING_TO_ADDRESS" ? tp("noShipping") : tp("shippingLater")}
            </p>
          )}
          {preview.options.map((option) => (
            <label
              key={option.id}
              className="flex items-center justify-between gap-2 rounded-md border border-stone-200 bg-white p-3 text-sm"
            >
              <span className="flex items-center gap-2">
                <input
                  type="radio"
                  name="shippingMethod"
                  value={option.id}
                  checked={method === option.id}
                  onChange={() => setMethod(option.id)}
                />
                {option.name} · {option.carrier} ·{" "}
                {option.etaDays.min === option.etaDays.max
                  ? tp("etaSame", { days: option.etaDays.min })
                  : tp("eta", { min: option.etaDays.min, max: option.etaDays.max })}
              </span>
              <span className="font-medium">{option.price === 0 ? tp("free") : money(option.price)}</span>
            </label>
          ))}
          {errors.shippingMethod && <p className="text-sm text-red-700">{errors.shippingMethod}</p>}
        </fieldset>

        <fieldset className="flex flex-col gap-2">
          <legend className="mb-2 text-lg font-semibold">{t("paymentMethod")}</legend>
          {(["card", "cash_on_delivery", "bank_transfer"] as const).map((value) => (
            <label
              key={value}
              className={`flex items-center gap-2 rounded-md border border-stone-200 bg-white p-3 text-sm ${
                value === "card" && !cardAvailable ? "opacity-60" : ""
              }`}
            >
              <input
                type="radio"
                name="paymentMethod"
                value={value}
                checked={payment === value}
                disabled={value === "card" && !cardAvailable}
                onChange={() => setPayment(value)}
              />
              {t(value)}
              {value === "card" && !cardAvailable && (
                <span className="text-stone-500">— {t("cardUnavailable")}</span>
              )}
            </label>
          ))}
          {payment === "card" && cardProvider && cardProvider !== "stripe" && (
            <>
              <p className="text-sm text-stone-600">
                {t("cardVia", { provider: to(`providers.${cardProvider}` as "providers.iyzico") })}
              </p>
              {maxInstallments > 1 && totals && (
                <InstallmentPicker amount={totals.total} currency={currency} locale={locale} />
              )}
            </>
          )}
        </fieldset>
      </div>

      <aside className="flex h-fit flex-col gap-4 rounded-lg border border-stone-200 bg-white p-5">
        <h2 className="text-lg font-semibold">{t("summary")}</h2>
        {totals && (
          <dl className="flex flex-col gap-2 text-sm" data-testid="checkout-totals">
            <div className="flex justify-between">
              <dt>{tp("subtotal")}</dt>
              <dd>{money(totals.subtotal)}</dd>
            </div>
            {totals.discount > 0 && (
              <div className="flex justify-between text-brand-700">
                <dt>{tp("discountPlain")}</dt>
                <dd>−{money(totals.discount)}</dd>
              </div>
            )}
            <div className="flex justify-between">
              <dt>{tp("shipping")}</dt>
              <dd>{totals.shipping === 0 ? tp("free") : money(totals.shipping)}</dd>
            </div>
            {totals.fees > 0 && (
              <div className="flex justify-between">
                <dt>{tp("fee.cash_on_delivery")}</dt>
                <dd data-testid="checkout-fees">{money(totals.fees)}</dd>
              </div>
            )}
            <div className="flex justify-between text-stone-600">
              <dt>{tp("taxIncludedPlain")}</dt>
              <dd>{money(totals.tax)}</dd>
            </div>
            <div className="flex justify-between border-t border-stone-200 pt-2 text-base font-semibold">
              <dt>{tp("total")}</dt>
              <dd data-testid="checkout-total">{money(totals.total)}</dd>
            </div>
          </dl>
        )}
        {state.error && (
          <p
            role="alert"
            className="rounded-md bg-red-50 p-3 text-sm text-red-800"
            data-testid="checkout-error"
          >
            {state.error}
          </p>
        )}
        <button
          type="submit"
          // Wait for the live totals, so the total sent as expectedTotal is the one on screen.
          disabled={pending || previewPending}
          className="rounded-md bg-accent-600 px-5 py-3 text-base font-semibold text-white hover:bg-accent-700 disabled:opacity-60"
        >
          {pending ? t("placing") : t("placeOrder")}
        </button>
      </aside>
    </form>
  );
}
