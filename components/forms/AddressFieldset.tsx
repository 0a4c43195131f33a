"use client";

import { useTranslations } from "next-intl";
import { type FieldsetHTMLAttributes, type ReactNode, useEffect, useRef, useState } from "react";
import type { AddressField } from "@/lib/accounts/address-fields";
import { Combobox } from "./Combobox";
import { Field, Select } from "./Field";
import { useFormContext } from "./Form";
import { placeNamed, useDistricts, useProvinces } from "./locations";

/**
 * A postal address (the address book's and the checkout's): name, two lines, district, city, postal code,
 * country and phone. `prefix` names the inputs of a second address in the same form ("billing." →
 * `billing.city`) and gives the browser's autofill its section. In Türkiye the city is the province (İl)
 * and the district its ilçe, each a box with the list to pick from (the ilçe list follows the İl chosen,
 * and a district that is not in the new İl is cleared); without JavaScript both are text boxes that the
 * server matches against the same lists. Elsewhere both are free text.
 */
export function AddressFieldset({
  prefix = "",
  legend,
  countries,
  children,
  className = "grid gap-4 sm:grid-cols-2",
  onChange,
  onBlur,
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
  const { value } = useFormContext();
  const fieldset = useRef<HTMLFieldSetElement>(null);
  const district = useRef<HTMLInputElement>(null);
  const [country, setCountry] = useState(value(`${prefix}country`) || countries?.[0]?.code || "TR");
  const [city, setCity] = useState(value(`${prefix}city`) ?? "");
  /** Set when the shopper changes the İl, so a district that does not fit it is cleared once its list is in. */
  const cityChanged = useRef(false);
  const turkish = country.trim().toUpperCase() === "TR";
  const provinces = useProvinces();
  const province = turkish ? placeNamed(provinces.data, city) : undefined;
  const districts = useDistricts(province?.code);

  useEffect(() => {
    const box = district.current;
    if (!cityChanged.current || !districts.data || !box?.value) return;
    if (!placeNamed(districts.data, box.value)) box.value = "";
  }, [districts.data]);

  /** The inputs as they are now (also when filled from a saved address or by the browser's autofill). */
  const reread = () => {
    const form = fieldset.current?.form;
    const read = (name: string) => {
      const input = form?.elements.namedItem(`${prefix}${name}`);
      return input instanceof HTMLInputElement || input instanceof HTMLSelectElement
        ? input.value
        : undefined;
    };
    setCountry((current) => read("country") ?? current);
    setCity((current) => read("city") ?? current);
  };

  const section = prefix ? `section-${prefix.replace(/\W/g, "")} ` : "";
  const wide = "sm:col-span-2";
  const field = (name: AddressField, autoComplete: string, rest: object = {}) => (
    <Field name={`${prefix}${name}`} label={t(name)} autoComplete={`${section}${autoComplete}`} {...rest} />
  );
  return (
    <fieldset
      ref={fieldset}
      className={className}
      onFocus={reread}
      onChange={(event) => {
        const input = event.target as unknown as HTMLInputElement;
        if (input.name === `${prefix}country`) setCountry(input.value);
        onChange?.(event);
      }}
      onBlur={onBlur}
    >
      {legend && <legend className="mb-2 text-base font-semibold sm:col-span-2">{legend}</legend>}
      {field("name", "name", { className: wide })}
      {field("line1", "address-line1", { className: wide })}
      {field("line2", "address-line2", { className: wide })}
      {turkish ? (
        <>
          <Combobox
            name={`${prefix}city`}
            label={t("city")}
            places={provinces.data}
            autoComplete={`${section}address-level1`}
            onValue={(text) => {
              cityChanged.current = true;
              setCity(text);
            }}
          />
          <Combobox
            name={`${prefix}district`}
            label={t("district")}
            places={districts.data}
            autoComplete={`${section}address-level2`}
            inputRef={district}
          />
        </>
      ) : (
        <>
          {field("district", "address-level3")}
          {field("city", "address-level1")}
        </>
      )}
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
