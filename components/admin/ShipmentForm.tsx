"use client";

import { useTranslations } from "next-intl";
import { shipmentAction } from "@/app/actions/admin";
import { Field, Select } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { Options } from "@/components/forms/Options";
import { SubmitButton } from "@/components/forms/SubmitButton";
import { LineQuantity } from "./LineQuantity";

/**
 * "Kargoya ver": a parcel of the lines picked (every unsent unit by default), created at the carrier by a
 * job; the carrier and service default to the order's shipping method.
 */
export function ShipmentForm({
  orderNo,
  lines,
  carriers,
}: {
  orderNo: string;
  lines: { sku: string; name: string; qty: number }[];
  carriers: readonly string[];
}) {
  const t = useTranslations("admin.orders.shipments");
  const values = Object.fromEntries(lines.map((line) => [`qty:${line.sku}`, String(line.qty)]));
  return (
    <Form
      action={shipmentAction}
      hidden={{ orderNo }}
      values={values}
      className="flex flex-col gap-3"
      testId="shipment-form"
    >
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium text-stone-700">{t("lines")}</legend>
        {lines.map((line) => (
          <LineQuantity
            key={line.sku}
            line={line}
            caption={t("left", { sku: line.sku, qty: line.qty })}
            label={t("qty", { sku: line.sku })}
          />
        ))}
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        <Select name="carrier" label={t("carrier")}>
          <Options
            empty={t("methodCarrier")}
            options={carriers.map((code) => ({ value: code, label: t(`carriers.${code}`) }))}
          />
        </Select>
        <Field name="service" label={t("service")} maxLength={60} hint={t("serviceHint")} />
      </div>
      <div>
        <SubmitButton>{t("submit")}</SubmitButton>
      </div>
    </Form>
  );
}
