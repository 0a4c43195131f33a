"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Field } from "./Field";

/** The inputs of a postal address, in the order of lib/accounts/schemas.ts addressSchema. */
export const ADDRESS_FIELDS = [
  "name",
  "line1",
  "line2",
  "district",
  "city",
  "postalCode",
  "country",
  "phone",
] as const;

/**
 * A postal address (the address book's and the checkout's): name, two lines, district, city, postal code,
 * country and phone. `prefix` names the inputs of a second address in the same form ("billing." →
 * `billing.city`) and gives the browser's autofill its section.
 */
export function AddressFieldset({
  prefix = "",
  legend,
  children,
  className = "grid gap-4 sm:grid-cols-2",
}: {
  prefix?: string;
  legend?: ReactNode;
  /** More inputs after the address (default-address ticks…). */
  children?: ReactNode;
  className?: string;
}) {
  const t = useTranslations("account.addresses.fields");
  const section = prefix ? `section-${prefix.replace(/\W/g, "")} ` : "";
  const wide = "sm:col-span-2";
  const field = (name: (typeof ADDRESS_FIELDS)[number], autoComplete: string, rest: object = {}) => (
    <Field name={`${prefix}${name}`} label={t(name)} autoComplete={`${section}${autoComplete}`} {...rest} />
  );
  return (
    <fieldset className={className}>
      {legend && <legend className="mb-2 text-base font-semibold sm:col-span-2">{legend}</legend>}
      {field("name", "name", { className: wide })}
      {field("line1", "address-line1", { className: wide })}
      {field("line2", "address-line2", { className: wide })}
      {field("district", "address-level3")}
      {field("city", "address-level1")}
      {field("postalCode", "postal-code", { inputMode: "text" })}
      {field("country", "country")}
      {field("phone", "tel", { className: wide, type: "tel", hint: t("phoneHint") })}
      {children}
    </fieldset>
  );
}
