"use client";

import { useTranslations } from "next-intl";
import { saveAddressAction } from "@/app/actions/account";
import { QueryProvider } from "@/components/data/QueryProvider";
import { AddressFieldset } from "@/components/forms/AddressFieldset";
import { Checkbox } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import { ButtonLink } from "@/components/layout/ButtonLink";
import type { Constraints } from "@/lib/forms/parse";

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

/**
 * Add or edit one address; the server checks it and shows each field's problem under the field. The query
 * client serves the İl and İlçe lists of the address inputs.
 */
export function AddressForm({
  initial,
  constraints,
}: {
  initial?: AddressFormValues;
  constraints?: Constraints;
}) {
  const t = useTranslations("account.addresses");
  const { id, isDefaultShipping, isDefaultBilling, ...address } = initial ?? { country: "TR" };
  return (
    <QueryProvider>
      <Form
        action={saveAddressAction}
        values={address}
        constraints={constraints}
        hidden={id ? { id } : undefined}
        className="flex flex-col gap-4"
        testId="address-form"
      >
        <AddressFieldset>
          <Checkbox
            className="sm:col-span-2"
            name="defaultShipping"
            label={t("fields.defaultShipping")}
            defaultChecked={isDefaultShipping}
          />
          <Checkbox
            className="sm:col-span-2"
            name="defaultBilling"
            label={t("fields.defaultBilling")}
            defaultChecked={isDefaultBilling}
          />
        </AddressFieldset>
        <div className="flex gap-3">
          <SubmitButton look="brand" pendingLabel={t("saving")}>
            {t("save")}
          </SubmitButton>
          <ButtonLink href="/account/addresses" look="secondary">
            {t("cancel")}
          </ButtonLink>
        </div>
      </Form>
    </QueryProvider>
  );
}
