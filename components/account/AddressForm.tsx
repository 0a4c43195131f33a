"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { type FormState, saveAddressAction } from "@/app/actions/account";
import { ADDRESS_LINE_MAX, CITY_MAX, DISTRICT_MAX, NAME_MAX } from "@/lib/accounts/limits";
import { Field, FormMessage } from "./Field";

export interface AddressFormValues {
  id?: string;
  name: string;
  line1: string;
  line2: string;
  district: string;
  city: string;
  postalCode: string;
  country: string;
  phone: string;
  isDefaultShipping?: boolean;
  isDefaultBilling?: boolean;
}

/** Add or edit one address; the server checks it and shows each field's problem under the field. */
export function AddressForm({ initial }: { initial?: AddressFormValues }) {
  const t = useTranslations("account.addresses");
  const [state, action, pending] = useActionState<FormState, FormData>(saveAddressAction, {});
  const values: Partial<Record<keyof AddressFormValues, unknown>> = { ...initial, ...state.values };
  const str = (value: unknown) => (typeof value === "string" ? value : undefined);
  // After a refused submit the boxes keep what was sent; on first render they show the saved state.
  const checked = (name: "defaultShipping" | "defaultBilling", saved: boolean | undefined) =>
    state.values ? state.values[name] === "on" : Boolean(saved);
  const error = (name: string) => state.fields?.[name];
  return (
    <form
      action={action}
      className="grid gap-4 sm:grid-cols-2"
      noValidate
      key={JSON.stringify(state)}
      data-testid="address-form"
    >
      {initial?.id && <input type="hidden" name="id" value={initial.id} />}
      <Field
        className="sm:col-span-2"
        name="name"
        label={t("fields.name")}
        autoComplete="name"
        required
        maxLength={NAME_MAX}
        defaultValue={str(values.name)}
        error={error("name")}
      />
      <Field
        className="sm:col-span-2"
        name="line1"
        label={t("fields.line1")}
        autoComplete="address-line1"
        required
        maxLength={ADDRESS_LINE_MAX}
        defaultValue={str(values.line1)}
        error={error("line1")}
      />
      <Field
        className="sm:col-span-2"
        name="line2"
        label={t("fields.line2")}
        autoComplete="address-line2"
        maxLength={ADDRESS_LINE_MAX}
        defaultValue={str(values.line2)}
        error={error("line2")}
      />
      <Field
        name="district"
        label={t("fields.district")}
        autoComplete="address-level3"
        maxLength={DISTRICT_MAX}
        defaultValue={str(values.district)}
        error={error("district")}
      />
      <Field
        name="city"
        label={t("fields.city")}
        autoComplete="address-level1"
        required
        maxLength={CITY_MAX}
        defaultValue={str(values.city)}
        error={error("city")}
      />
      <Field
        name="postalCode"
        label={t("fields.postalCode")}
        autoComplete="postal-code"
        inputMode="text"
        required
        maxLength={20}
        defaultValue={str(values.postalCode)}
        error={error("postalCode")}
      />
      <Field
        name="country"
        label={t("fields.country")}
        autoComplete="country"
        required
        maxLength={2}
        defaultValue={str(values.country) ?? "TR"}
        error={error("country")}
      />
      <Field
        className="sm:col-span-2"
        name="phone"
        type="tel"
        label={t("fields.phone")}
        autoComplete="tel"
        required
        maxLength={40}
        hint={t("fields.phoneHint")}
        defaultValue={str(values.phone)}
        error={error("phone")}
      />
      <label className="flex items-center gap-2 text-sm sm:col-span-2">
        <input
          type="checkbox"
          name="defaultShipping"
          defaultChecked={checked("defaultShipping", initial?.isDefaultShipping)}
        />
        {t("fields.defaultShipping")}
      </label>
      <label className="flex items-center gap-2 text-sm sm:col-span-2">
        <input
          type="checkbox"
          name="defaultBilling"
          defaultChecked={checked("defaultBilling", initial?.isDefaultBilling)}
        />
        {t("fields.defaultBilling")}
      </label>
      <div className="sm:col-span-2">
        <FormMessage message={state.error} />
      </div>
      <div className="flex gap-3 sm:col-span-2">
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-brand-700 px-5 py-2.5 text-sm font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
        >
          {pending ? t("saving") : t("save")}
        </button>
        <Link
          href="/account/addresses"
          className="rounded-md border border-stone-300 px-5 py-2.5 text-sm font-medium text-stone-700 hover:bg-stone-100"
        >
          {t("cancel")}
        </Link>
      </div>
    </form>
  );
}
