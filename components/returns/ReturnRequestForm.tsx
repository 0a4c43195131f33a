"use client";

import { useTranslations } from "next-intl";
import { requestReturnAction } from "@/app/actions/returns";
import { LineQuantity } from "@/components/admin/LineQuantity";
import { Field, Select, TextArea } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { Options } from "@/components/forms/Options";
import { SubmitButton } from "@/components/forms/SubmitButton";

/**
 * "İade talebi oluştur" on the order page: how many of each delivered line to send back (0 leaves it out)
 * and why, a note, and for cash on delivery and bank transfer orders the IBAN the money goes back to.
 */
export function ReturnRequestForm({
  orderNo,
  lines,
  askIban,
  reasons,
}: {
  orderNo: string;
  /** The reasons to choose from, translated (the server's list). */
  reasons: { value: string; label: string }[];
  lines: { sku: string; name: string; variant: string; returnable: number }[];
  askIban: boolean;
}) {
  const t = useTranslations("returns");
  return (
    <Form
      action={requestReturnAction}
      hidden={{ orderNo }}
      className="flex flex-col gap-3"
      testId="return-form"
    >
      {(state) => (
        <>
          <p className="text-sm text-stone-600">{t("pickLines")}</p>
          {lines.map((line) => (
            <LineQuantity
              key={line.sku}
              line={{ sku: line.sku, name: line.name, qty: line.returnable }}
              caption={`${line.variant} · ${line.sku}`}
              label={t("qty")}
              className="flex flex-wrap items-end gap-3 rounded-md border border-stone-200 p-2"
              defaultValue="0"
            >
              <Select name={`reason:${line.sku}`} label={t("reason")} defaultValue="damaged" className="w-56">
                <Options options={reasons} />
              </Select>
            </LineQuantity>
          ))}
          {state.fields?.lines && (
            <p className="text-sm text-red-700" role="alert">
              {state.fields.lines}
            </p>
          )}
          <TextArea name="note" label={t("note")} maxLength={500} rows={2} />
          {askIban && <Field name="iban" label={t("iban")} hint={t("ibanHint")} autoComplete="off" />}
          <div>
            <SubmitButton look="brand" pendingLabel={t("submitting")}>
              {t("submit")}
            </SubmitButton>
          </div>
        </>
      )}
    </Form>
  );
}
