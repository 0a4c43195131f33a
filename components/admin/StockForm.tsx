"use client";

import { useTranslations } from "next-intl";
import { setStockAction } from "@/app/actions/admin";
import { Field } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import type { Constraints } from "@/lib/forms/parse";

/** Sets a SKU's units on hand with a reason; the server refuses less than what is reserved. */
export function StockForm({
  sku,
  onHand,
  reserved,
  constraints,
}: {
  sku: string;
  onHand: number;
  reserved: number;
  constraints?: Constraints;
}) {
  const t = useTranslations("admin.inventory.detail");
  const common = useTranslations("admin.common");
  return (
    <Form
      action={setStockAction}
      hidden={{ sku }}
      values={{ onHand: String(onHand) }}
      constraints={constraints}
      className="flex flex-col gap-3"
      testId="stock-form"
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          name="onHand"
          label={t("onHand")}
          hint={t("onHandHint", { reserved })}
          type="number"
          inputMode="numeric"
          min={reserved}
        />
        <Field name="reason" label={t("reason")} placeholder={t("reasonPlaceholder")} />
      </div>
      <div>
        <SubmitButton pendingLabel={common("saving")}>{common("save")}</SubmitButton>
      </div>
    </Form>
  );
}
