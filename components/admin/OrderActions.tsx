"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { refundAction, transitionAction } from "@/app/actions/admin";
import { Checkbox, Field } from "@/components/forms/Field";
import { Form, FormOutcome, useFormAction } from "@/components/forms/Form";
import { MoneyField } from "@/components/forms/MoneyField";
import { SubmitButton } from "@/components/forms/SubmitButton";
import type { FormState } from "@/lib/forms/state";
import { formatMoney, parseMajor } from "@/lib/money";
import { LineQuantity } from "./LineQuantity";

type Target = "processing" | "shipped" | "delivered" | "cancelled";

const CARRIERS = ["Yurtiçi Kargo", "Aras Kargo", "MNG Kargo", "PTT Kargo", "Sürat Kargo", "UPS", "DHL"];

const button =
  "rounded-md px-4 py-2 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-60 focus-visible:outline-2";

/** One staff move: a button, plus what that move needs (carrier and tracking number, a confirmation). */
function TransitionForm({
  orderNo,
  to,
  from,
  carrier,
  cardRefund,
  shared,
}: {
  orderNo: string;
  to: Target;
  from: string;
  carrier: string;
  cardRefund: string | null;
  /** The last submit's answer, shared by the forms of the order (it outlives the form that sent it). */
  shared: ReturnType<typeof useFormAction<unknown>>;
}) {
  const t = useTranslations("admin.orders.actions");
  const [confirming, setConfirming] = useState(false);
  // Messages and refills belong to the form that was submitted.
  const state: FormState = shared.state.values?.to === to ? shared.state : { status: "idle" };
  const label =
    to === "processing"
      ? from === "awaiting_confirmation"
        ? t("confirm")
        : t("process")
      : to === "shipped"
        ? t("ship")
        : to === "delivered"
          ? t("deliver")
          : t("cancel");

  if (to === "cancelled" && !confirming) {
    return (
      <button
        type="button"
        onClick={() => setConfirming(true)}
        className={`${button} self-start border border-red-700 text-red-800 hover:bg-red-50`}
        data-testid="cancel-start"
      >
        {label}
      </button>
    );
  }
  return (
    <Form
      action={{ state, run: shared.run }}
      hidden={{ orderNo, to }}
      className={`flex flex-col gap-3 rounded-lg border p-3 ${to === "cancelled" ? "border-red-300 bg-red-50" : "border-stone-200"}`}
      testId={`transition-${to}`}
      outcome="none"
    >
      {to === "processing" && from === "awaiting_confirmation" && (
        <p className="text-sm text-stone-600">{t("confirmHint")}</p>
      )}
      {to === "shipped" && (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field
            name="carrier"
            label={t("carrier")}
            list="carriers"
            required
            maxLength={60}
            defaultValue={carrier}
          />
          <datalist id="carriers">
            {CARRIERS.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
          <Field name="trackingNo" label={t("trackingNo")} required maxLength={60} autoComplete="off" />
        </div>
      )}
      {to === "cancelled" && (
        <div className="flex flex-col gap-2 text-sm text-red-900">
          <p>{t("cancelWarning")}</p>
          {cardRefund && <p className="font-medium">{t("cancelRefundWarning", { amount: cardRefund })}</p>}
          <Checkbox
            name="confirm"
            value="yes"
            label={t("cancelConfirm", { orderNo })}
            className="font-medium"
          />
        </div>
      )}
      <Field name="note" label={t("note")} hint={t("noteHint")} maxLength={500} />
      <div className="flex flex-wrap items-center gap-2">
        <SubmitButton
          look="none"
          className={`${button} ${to === "cancelled" ? "bg-red-700 text-white hover:bg-red-800" : "bg-stone-900 text-white hover:bg-stone-700"}`}
        >
          {label}
        </SubmitButton>
        {to === "cancelled" && (
          <button
            type="button"
            onClick={() => setConfirming(false)}
            className={`${button} border border-stone-300 bg-white`}
          >
            {t("keep")}
          </button>
        )}
      </div>
      <p role="alert" className="text-sm text-red-700 empty:hidden" data-testid="form-error">
        {state.status === "error" ? state.message : undefined}
      </p>
    </Form>
  );
}

export interface ActionLine {
  sku: string;
  name: string;
  qty: number;
  restocked: number;
}

export function OrderTransitions({
  orderNo,
  status,
  allowed,
  carrier,
  cardRefund,
}: {
  orderNo: string;
  status: string;
  allowed: Target[];
  carrier: string;
  cardRefund: string | null;
}) {
  const t = useTranslations("admin.orders.actions");
  const shared = useFormAction(transitionAction);
  return (
    <div className="flex flex-col gap-3">
      <FormOutcome state={shared.state.status === "ok" ? shared.state : { status: "idle" }} />
      {allowed.length === 0 ? (
        <p className="text-sm text-stone-600">{t("none")}</p>
      ) : (
        allowed.map((to) => (
          <TransitionForm
            key={`${status}:${to}`}
            orderNo={orderNo}
            to={to}
            from={status}
            carrier={carrier}
            cardRefund={to === "cancelled" ? cardRefund : null}
            shared={shared}
          />
        ))
      )}
    </div>
  );
}

/**
 * A refund of an amount, or of lines (with or without putting them back in stock). Checked here as the
 * staff member types (at most what remains, whole units, no more units than the line has) and again on
 * the server. The Idempotency-Key comes with the page, so a double submit refunds once.
 */
export function RefundForm({
  orderNo,
  idempotencyKey,
  currency,
  locale,
  refundable,
  lines,
}: {
  orderNo: string;
  idempotencyKey: string;
  currency: string;
  locale: string;
  refundable: number;
  lines: ActionLine[];
}) {
  const t = useTranslations("admin.orders.refund");
  const shared = useFormAction(refundAction);
  const { state } = shared;
  const [amount, setAmount] = useState("");
  const [qty, setQty] = useState<Record<string, string>>({});
  const [restock, setRestock] = useState<Record<string, boolean>>({});
  const max = formatMoney(refundable, currency, locale);
  // A refund went through: the boxes empty for the next one (the page brings a new Idempotency-Key).
  useEffect(() => {
    if (state.status === "ok") {
      setAmount("");
      setQty({});
      setRestock({});
    }
  }, [state]);

  const local: Record<string, string> = {};
  const parsed = amount.trim() === "" ? undefined : parseMajor(amount, currency);
  if (parsed === null) local.amount = t("invalidAmount");
  else if (parsed !== undefined && (parsed <= 0 || parsed > refundable)) local.amount = t("tooMuch", { max });
  for (const line of lines) {
    const raw = (qty[line.sku] ?? "").trim();
    if (raw === "") continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) local[`qty:${line.sku}`] = t("invalidQty");
    else if (n > line.qty) local[`qty:${line.sku}`] = t("tooMuch", { max: line.qty });
    else if (restock[line.sku] && n > line.qty - line.restocked) {
      local[`qty:${line.sku}`] = t("tooMuch", { max: line.qty - line.restocked });
    }
  }
  const hasInput =
    parsed !== undefined || Object.values(qty).some((v) => v.trim() !== "" && v.trim() !== "0");

  return (
    <Form
      action={shared}
      hidden={{ orderNo, idempotencyKey }}
      className="flex flex-col gap-3"
      testId="refund-form"
    >
      <MoneyField
        name="amount"
        currency={currency}
        label={t("amount", { currency })}
        hint={t("amountHint", { max })}
        value={amount}
        onChange={(event) => setAmount(event.target.value)}
        error={local.amount}
      />
      {lines.length > 0 && (
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium text-stone-700">{t("lines")}</legend>
          {lines.map((line) => (
            <LineQuantity
              key={line.sku}
              line={line}
              caption={`${line.sku} · ×${line.qty}`}
              label={t("qty", { sku: line.sku })}
              className="flex flex-wrap items-end gap-3 rounded-md border border-stone-200 p-2"
              value={qty[line.sku] ?? ""}
              onChange={(event) => setQty({ ...qty, [line.sku]: event.target.value })}
              error={local[`qty:${line.sku}`]}
            >
              <label className="flex items-center gap-2 pb-2 text-sm">
                <input
                  type="checkbox"
                  name={`restock:${line.sku}`}
                  className="size-4"
                  checked={Boolean(restock[line.sku])}
                  disabled={line.restocked >= line.qty}
                  onChange={(event) => setRestock({ ...restock, [line.sku]: event.target.checked })}
                />
                {t("restock")}
              </label>
            </LineQuantity>
          ))}
        </fieldset>
      )}
      <Field name="reason" label={t("reason")} hint={t("reasonHint")} required maxLength={500} />
      <div>
        <SubmitButton
          look="none"
          disabled={Object.keys(local).length > 0 || !hasInput}
          className={`${button} bg-orange-700 text-white hover:bg-orange-800`}
        >
          {t("submit")}
        </SubmitButton>
      </div>
    </Form>
  );
}
