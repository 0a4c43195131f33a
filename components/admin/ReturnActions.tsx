"use client";

import { useTranslations } from "next-intl";
import { returnSettingsAction, returnTransitionAction } from "@/app/actions/returns";
import { Field, WholeNumberField } from "@/components/forms/Field";
import { Form, FormOutcome, useFormAction } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import { LineQuantity } from "./LineQuantity";

type Step = "approved" | "rejected" | "received" | "refunded";

/**
 * The staff's next moves on a return (what its state machine allows): approve or reject a request; record
 * what arrived of each line and whether it goes back to stock; refund what arrived through the provider
 * (an offline order's refund needs the buyer's IBAN).
 */
export function ReturnActions({
  returnNo,
  steps,
  lines,
  askIban,
  iban,
}: {
  returnNo: string;
  steps: readonly string[];
  lines: { sku: string; name: string; qty: number }[];
  askIban: boolean;
  iban: string | null;
}) {
  const t = useTranslations("returns.admin");
  // One answer for all the forms: a move's form goes away once it is done, its message stays.
  const shared = useFormAction(returnTransitionAction);
  const labels: Record<Step, string> = {
    approved: t("approve"),
    rejected: t("reject"),
    received: t("receive"),
    refunded: t("refund"),
  };
  return (
    <div className="flex flex-col gap-4" data-testid="return-actions">
      {(steps as Step[]).map((to) => (
        <Form
          key={to}
          action={shared}
          hidden={{ returnNo, to }}
          className="flex flex-col gap-3 rounded-md border border-stone-200 p-3"
          testId={`return-${to}`}
          outcome="none"
          idPrefix={`return-${to}`}
        >
          {to === "received" &&
            lines.map((line) => (
              <LineQuantity
                key={line.sku}
                line={line}
                caption={`${line.sku} · ×${line.qty}`}
                label={t("received")}
                defaultValue={String(line.qty)}
              >
                <label className="flex items-center gap-2 pb-2 text-sm">
                  <input type="checkbox" name={`restock:${line.sku}`} className="size-4" defaultChecked />
                  {t("restock")}
                </label>
              </LineQuantity>
            ))}
          {to === "refunded" && <p className="text-sm text-stone-600">{t("refundHint")}</p>}
          {to === "refunded" && askIban && (
            <Field
              name="iban"
              label="IBAN"
              hint={t("ibanHint")}
              defaultValue={iban ?? ""}
              autoComplete="off"
            />
          )}
          <Field name="note" label={t("note")} maxLength={500} />
          <div>
            <SubmitButton look={to === "rejected" ? "danger" : "primary"}>{labels[to]}</SubmitButton>
          </div>
        </Form>
      ))}
      <FormOutcome state={shared.state} />
    </div>
  );
}

/** The return window (days after delivery), at the foot of /admin/returns. */
export function ReturnSettingsForm({ windowDays }: { windowDays: number }) {
  const t = useTranslations("returns.admin");
  return (
    <Form
      action={returnSettingsAction}
      values={{ windowDays: String(windowDays) }}
      className="flex flex-col gap-3"
      testId="return-settings"
    >
      <WholeNumberField
        name="windowDays"
        label={t("windowDays")}
        hint={t("windowHint")}
        min={14}
        max={365}
        className="w-60"
      />
      <div>
        <SubmitButton>{t("save")}</SubmitButton>
      </div>
    </Form>
  );
}
