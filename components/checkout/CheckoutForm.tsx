"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { type SyntheticEvent, useEffect, useState, useSyncExternalStore } from "react";
import { placeOrderAction } from "@/app/actions/checkout";
import { TotalsBreakdown } from "@/components/cart/TotalsBreakdown";
import { AddressFieldset } from "@/components/forms/AddressFieldset";
import { Checkbox, Field } from "@/components/forms/Field";
import { Form, FormOutcome, useFormAction } from "@/components/forms/Form";
import { FieldError } from "@/components/forms/Frame";
import { SubmitButton } from "@/components/forms/SubmitButton";
import { ADDRESS_FIELDS, type AddressField } from "@/lib/accounts/address-fields";
import type { Address } from "@/lib/accounts/schemas";
import type { Preview } from "@/lib/checkout/preview";
import type { Constraints } from "@/lib/forms/parse";
import { INVOICE_TYPES } from "@/lib/invoices/schemas";
import type { PreContract } from "@/lib/legal/contracts";
import { formatMoney } from "@/lib/money";
import { InstallmentPicker } from "./InstallmentPicker";
import { LegalTexts, TermsAcceptance } from "./LegalTexts";
import { checkoutKeys, useCheckoutPreview, usePreContract } from "./queries";

export type CheckoutAddress = Partial<Record<AddressField, string>>;

const PAYMENT_CHOICES = ["card", "cash_on_delivery", "bank_transfer"] as const;

/** The address's inputs under `prefix` set to a saved address (the shopper's click on it). */
function fillAddress(form: HTMLFormElement, prefix: string, address: CheckoutAddress) {
  for (const name of ADDRESS_FIELDS) {
    const input = form.elements.namedItem(`${prefix}${name}`);
    if (input instanceof HTMLInputElement || input instanceof HTMLSelectElement) {
      input.value = address[name] ?? "";
    }
  }
}

/** Where the shipping address's inputs say the parcel goes (priced as the shopper leaves each input). */
function destinationOf(form: HTMLFormElement | null) {
  const data = form ? new FormData(form) : null;
  return {
    country: String(data?.get("shipping.country") ?? ""),
    postalCode: String(data?.get("shipping.postalCode") ?? ""),
  };
}

const BUYER_FIELDS = [
  "name",
  "phone",
  "line1",
  "line2",
  "district",
  "city",
  "postalCode",
  "country",
] as const;
type Buyer = Record<(typeof BUYER_FIELDS)[number] | "email", string>;

/** Who buys and where to, as typed so far: what the pre-information form and the contract name. */
function buyerOf(form: HTMLFormElement | null, fallback: Buyer): Buyer {
  if (!form) return fallback;
  const data = new FormData(form);
  const read = (name: string) => String(data.get(name) ?? "");
  return {
    email: read("email"),
    ...(Object.fromEntries(BUYER_FIELDS.map((name) => [name, read(`shipping.${name}`)])) as Omit<
      Buyer,
      "email"
    >),
  };
}

const noSubscription = () => () => {};

/**
 * True once React runs in the browser. Without JavaScript the summary cannot follow the shopper's
 * choices (a cash-on-delivery fee…), so no expected total is sent and the order page shows the final one;
 * nor is there a live total to wait for.
 */
const useInBrowser = () =>
  useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );

/**
 * The checkout page: contact, addresses, invoice details, shipping option and payment method, with live totals from
 * GET /api/checkout/preview. The form posts to placeOrderAction (also without JavaScript); a refusal
 * shows its messages at the inputs and re-reads the live totals (a PRICE_CHANGED order shows the new ones).
 */
export function CheckoutForm({
  idempotencyKey,
  email,
  initialAddress,
  savedAddresses,
  countries,
  constraints,
  cardProvider,
  maxInstallments,
  currency,
  locale,
  initialPreview,
  initialLegal,
}: {
  idempotencyKey: string;
  email: string;
  initialAddress: CheckoutAddress;
  savedAddresses: (Address & { id: string; label: string })[];
  countries: { code: string; name: string }[];
  constraints: Constraints;
  /** The provider that takes cards, or null when cards are not offered. */
  cardProvider: string | null;
  maxInstallments: number;
  currency: string;
  locale: string;
  initialPreview: Preview;
  /** The documents for the first address and choices (also what a browser without JavaScript shows). */
  initialLegal: PreContract;
}) {
  const t = useTranslations("checkout");
  const tp = useTranslations("pricing");
  const to = useTranslations("orders");
  const ti = useTranslations("invoices");
  const cardAvailable = cardProvider !== null;
  const order = useFormAction(placeOrderAction);
  const [destination, setDestination] = useState({
    country: initialAddress.country ?? "TR",
    postalCode: initialAddress.postalCode ?? "",
  });
  const [method, setMethod] = useState(initialPreview.options[0]?.id ?? "standard");
  const [payment, setPayment] = useState(cardAvailable ? "card" : "cash_on_delivery");
  const [billingSame, setBillingSame] = useState(true);
  const [invoiceType, setInvoiceType] = useState<(typeof INVOICE_TYPES)[number]>("individual");
  const corporate = invoiceType === "corporate";
  const initialBuyer: Buyer = {
    email,
    ...(Object.fromEntries(BUYER_FIELDS.map((name) => [name, initialAddress[name] ?? ""])) as Omit<
      Buyer,
      "email"
    >),
  };
  const [buyer, setBuyer] = useState(initialBuyer);
  const { data: legal = initialLegal, isPlaceholderData: legalPending } = usePreContract(
    { ...buyer, shippingMethod: method, paymentMethod: payment },
    initialLegal,
  );
  const { data: preview = initialPreview, isPlaceholderData: previewPending } = useCheckoutPreview(
    { ...destination, shippingMethod: method, paymentMethod: payment },
    initialPreview,
  );
  const inBrowser = useInBrowser();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (order.state.status === "error") void queryClient.invalidateQueries({ queryKey: checkoutKeys.all });
  }, [order.state, queryClient]);
  const totals = preview.totals;
  const readDestination = (event: SyntheticEvent<HTMLElement>) => {
    const form = event.currentTarget.closest("form");
    setDestination(destinationOf(form));
    setBuyer((current) => buyerOf(form, current));
  };
  const values = {
    email,
    ...Object.fromEntries(Object.entries(initialAddress).map(([name, value]) => [`shipping.${name}`, value])),
  };

  return (
    <Form
      action={order}
      values={values}
      constraints={constraints}
      hidden={{ idempotencyKey, ...(inBrowser && totals ? { expectedTotal: totals.total } : {}) }}
      idPrefix="checkout"
      outcome="none"
      className="grid gap-8 lg:grid-cols-[1fr_20rem]"
    >
      {(state) => (
        <>
          <div className="flex flex-col gap-8">
            <fieldset className="flex flex-col gap-3" onBlur={readDestination}>
              <legend className="mb-2 text-lg font-semibold">{t("contact")}</legend>
              <Field name="email" type="email" autoComplete="email" label={t("email")} />
            </fieldset>

            <div className="flex flex-col gap-3">
              {savedAddresses.length > 0 && (
                <div className="flex flex-wrap gap-2 text-sm">
                  <span className="text-stone-600">{t("savedAddresses")}:</span>
                  {savedAddresses.map((saved) => (
                    <button
                      key={saved.id}
                      type="button"
                      onClick={(event) => {
                        if (event.currentTarget.form)
                          fillAddress(event.currentTarget.form, "shipping.", saved);
                        readDestination(event);
                      }}
                      className="rounded-md border border-stone-300 px-2 py-1 hover:border-brand-600"
                    >
                      {saved.label}
                    </button>
                  ))}
                </div>
              )}
              <AddressFieldset
                prefix="shipping."
                legend={t("shippingAddress")}
                countries={countries}
                className="grid gap-3 sm:grid-cols-2"
                onBlur={readDestination}
                // A country is chosen at once; the postal code when the shopper leaves it (not per keystroke).
                onChange={(event) => event.target instanceof HTMLSelectElement && readDestination(event)}
              >
                <Checkbox
                  className="sm:col-span-2"
                  name="billingSame"
                  label={t("billingSame")}
                  defaultChecked={billingSame}
                  onChange={(event) => setBillingSame(event.currentTarget.checked)}
                />
              </AddressFieldset>
            </div>

            {!billingSame && (
              <AddressFieldset
                prefix="billing."
                legend={t("billingAddress")}
                countries={countries}
                className="grid gap-3 sm:grid-cols-2"
              />
            )}

            <fieldset className="flex flex-col gap-3">
              <legend className="mb-2 text-lg font-semibold">{ti("legend")}</legend>
              <div className="flex gap-4 text-sm">
                {INVOICE_TYPES.map((value) => (
                  <label key={value} className="flex items-center gap-2">
                    <input
                      type="radio"
                      name="invoice.type"
                      value={value}
                      checked={invoiceType === value}
                      onChange={() => setInvoiceType(value)}
                    />
                    {ti(value)}
                  </label>
                ))}
              </div>
              {/* Without JavaScript every input shows; the server reads those of the chosen type. */}
              <div className="grid gap-3 sm:grid-cols-2">
                <Field
                  className="sm:col-span-2"
                  name="invoice.name"
                  autoComplete={corporate ? "organization" : "name"}
                  label={inBrowser ? ti(corporate ? "companyName" : "name") : ti("nameOrCompany")}
                />
                {(!inBrowser || !corporate) && (
                  <Field name="invoice.nationalId" inputMode="numeric" label={ti("nationalId")} />
                )}
                {(!inBrowser || corporate) && (
                  <>
                    <Field name="invoice.taxOffice" label={ti("taxOffice")} />
                    <Field name="invoice.taxNumber" inputMode="numeric" label={ti("taxNumber")} />
                    <p className="text-sm text-stone-600 sm:col-span-2">{ti("corporateHint")}</p>
                  </>
                )}
              </div>
            </fieldset>

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
                  <span className="font-medium">
                    {option.price === 0 ? tp("free") : formatMoney(option.price, currency, locale)}
                  </span>
                </label>
              ))}
              <FieldError name="shippingMethod" error={state.fields?.shippingMethod} />
            </fieldset>

            <fieldset className="flex flex-col gap-2">
              <legend className="mb-2 text-lg font-semibold">{t("paymentMethod")}</legend>
              {PAYMENT_CHOICES.map((value) => (
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
              <FieldError name="paymentMethod" error={state.fields?.paymentMethod} />
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

            <LegalTexts legal={legal} updating={inBrowser && legalPending} />
          </div>

          <aside className="flex h-fit flex-col gap-4 rounded-lg border border-stone-200 bg-white p-5">
            <h2 className="text-lg font-semibold">{t("summary")}</h2>
            {totals && (
              <TotalsBreakdown
                totals={totals}
                coupons={preview.coupons}
                shippingKnown={preview.options.length > 0}
                currency={currency}
              />
            )}
            <TermsAcceptance />
            <FormOutcome state={state} />
            <SubmitButton
              look="none"
              pendingLabel={t("placing")}
              // Wait for the live totals, so the total sent as expectedTotal is the one on screen.
              disabled={inBrowser && previewPending}
              className="rounded-md bg-accent-600 px-5 py-3 text-base font-semibold text-white hover:bg-accent-700"
            >
              {t("placeOrder")}
            </SubmitButton>
          </aside>
        </>
      )}
    </Form>
  );
}
