"use client";

import { useTranslations } from "next-intl";
import type { FieldsetHTMLAttributes, ReactNode } from "react";
import type { AddressField } from "@/lib/accounts/address-fields";
import { Field, Select } from "./Field";

/**
 * A postal address (the address book's and the checkout's): name, two lines, district, city, postal code,
 * country and phone. `prefix` names the inputs of a second address in the same form ("billing." →
 * `billing.city`) and gives the browser's autofill its section.
 */
export function AddressFieldset({
  prefix = "",
  legend,
  countries,
  children,
  className = "grid gap-4 sm:grid-cols-2",
  ...events
}: Pick<FieldsetHTMLAttributes<HTMLFieldSetElement>, "onBlur" | "onChange"> & {
  prefix?: string;
  legend?: ReactNode;
  /** The countries the store ships to, as a select; a free country code when not given. */
  countries?: { code: string; name: string }[];
  /** More inputs after the address (default-address ticks…). */
  children?: ReactNode;
  className?: string;
}) {
  const t = useTranslations("account.addresses.fields");
  const section = prefix ? `section-${prefix.replace(/\W/g, "")} ` : "";
  const wide = "sm:col-span-2";
  const field = (name: AddressField, autoComplete: string, rest: object = {}) => (
    <Field name={`${prefix}${name}`} label={t(name)} autoComplete={`${section}${autoComplete}`} {...rest} />
  );
  return (
    <fieldset className={className} {...events}>
      {legend && <legend className="mb-2 text-base font-semibold sm:col-span-2">{legend}</legend>}
      {field("name", "name", { className: wide })}
      {field("line1", "address-line1", { className: wide })}
      {field("line2", "address-line2", { className: wide })}
      {field("district", "address-level3")}
      {field("city", "address-level1")}
      {field("postalCode", "postal-code", { inputMode: "text" })}
      {countries ? (
        <Select name={`${prefix}country`} label={t("country")} autoComplete={`${section}country`}>
          {countries.map((country) => (
            <option key={country.code} value={country.code}>
              {country.name}
            </option>
          ))}
        </Select>
      ) : (
        field("country", "country")
      )}
      {field("phone", "tel", { className: wide, type: "tel", hint: t("phoneHint") })}
      {children}
    </fieldset>
  );
}
