"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useState } from "react";
import { type AdminFormState, refundAction, transitionAction } from "@/app/actions/admin";
import { Field, FormMessage } from "@/components/account/Field";
import { formatMoney, parseMajor } from "@/lib/money";

type Target = "processing" | "shipped" | "delivered" | "cancelled";

const CARRIERS = ["Yurtiçi Kargo", "Aras Kargo", "MNG Kargo", "PTT Kargo", "Sürat Kargo", "UPS", "DHL"];

function Done({ state }: { state: AdminFormState }) {
  return (
    <p
      role="status"
      aria-live="polite"
      className="text-sm text-emerald-800 empty:hidden"
      data-testid="form-ok"
    >
      {state.ok}
    </p>
  );
}

const button =
  "rounded-md px-4 py-2 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-60 focus-visible:outline-2";

/** One staff move: a button, plus what that move needs (carrier and tracking number, a confirmation). */
function TransitionForm({
  orderNo,
  to,
  from,
  carrier,
  cardRefund,
  state,
  action,
  pending,
}: {
  orderNo: string;
  to: Target;
  from: string;
  carrier: string;
  cardRefund: string | null;
  /** The last submit's answer, shared by the forms of the order (it outlives the form that sent it). */
  state: AdminFormState;
  action: (formData: FormData) => void;
  pending: boolean;
}) {
  const t = useTranslations("admin.orders.actions");
  const [confirming, setConfirming] = useState(false);
  // Messages belong to the form that was submitted.
  const mine = state.values?.to === to;
  const error = (name: string) => (mine ? state.fields?.[name] : undefined);
  const value = (name: string) => (mine ? state.values?.[name] : undefined);
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
    <form
      action={action}
      noValidate
      className={`flex flex-col gap-3 rounded-lg border p-3 ${to === "cancelled" ? "border-red-300 bg-red-50" : "border-stone-200"}`}
      data-testid={`transition-${to}`}
    >
      <input type="hidden" name="orderNo" value={orderNo} />
      <input type="hidden" name="to" value={to} />
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
            defaultValue={value("carrier") ?? carrier}
            error={error("carrier")}
          />
          <datalist id="carriers">
            {CARRIERS.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
          <Field
            name="trackingNo"
            label={t("trackingNo")}
            required
            maxLength={60}
            autoComplete="off"
            defaultValue={value("trackingNo")}
            error={error("trackingNo")}
          />
        </div>
      )}
      {to === "cancelled" && (
        <div className="flex flex-col gap-2 text-sm text-red-900">
          <p>{t("cancelWarning")}</p>
          {cardRefund && <p className="font-medium">{t("cancelRefundWarning", { amount: cardRefund })}</p>}
          <label className="flex items-center gap-2 font-medium">
            <input type="checkbox" name="confirm" value="yes" required className="size-4" />
            {t("cancelConfirm", { orderNo })}
          </label>
          {error("confirm") && <p className="text-red-700">{error("confirm")}</p>}
        </div>
      )}
      <Field
        name="note"
        label={t("note")}
        hint={t("noteHint")}
        maxLength={500}
        defaultValue={value("note")}
        error={error("note")}
      />
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="submit"
          disabled={pending}
          className={`${button} ${to === "cancelled" ? "bg-red-700 text-white hover:bg-red-800" : "bg-stone-900 text-white hover:bg-stone-700"}`}
        >
          {label}
        </button>
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
      {mine && <FormMessage message={state.error} />}
    </form>
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
  const [state, action, pending] = useActionState<AdminFormState, FormData>(transitionAction, {});
  return (
    <div className="flex flex-col gap-3">
      <Done state={state} />
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
            state={state}
            action={action}
            pending={pending}
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
  const [state, action, pending] = useActionState<AdminFormState, FormData>(refundAction, {});
  const [amount, setAmount] = useState("");
  const [qty, setQty] = useState<Record<string, string>>({});
  const [restock, setRestock] = useState<Record<string, boolean>>({});
  const max = formatMoney(refundable, currency, locale);
  // A refund went through: the boxes empty for the next one (the page brings a new Idempotency-Key).
  useEffect(() => {
    if (state.ok) {
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
  const error = (name: string) => local[name] ?? state.fields?.[name];
  const hasInput =
    parsed !== undefined || Object.values(qty).some((v) => v.trim() !== "" && v.trim() !== "0");

  return (
    <form action={action} noValidate className="flex flex-col gap-3" data-testid="refund-form">
      <input type="hidden" name="orderNo" value={orderNo} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <Field
        name="amount"
        label={t("amount", { currency })}
        hint={t("amountHint", { max })}
        inputMode="decimal"
        autoComplete="off"
        value={amount}
        onChange={(event) => setAmount(event.target.value)}
        error={error("amount")}
      />
      {lines.length > 0 && (
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium text-stone-700">{t("lines")}</legend>
          {lines.map((line) => (
            <div
              key={line.sku}
              className="flex flex-wrap items-end gap-3 rounded-md border border-stone-200 p-2"
            >
              <input type="hidden" name="sku" value={line.sku} />
              <div className="min-w-40 flex-1 text-sm">
                <div className="font-medium">{line.name}</div>
                <div className="text-xs text-stone-500">
                  {line.sku} · ×{line.qty}
                </div>
              </div>
              <Field
                name={`qty:${line.sku}`}
                label={t("qty", { sku: line.sku })}
                type="number"
                min={0}
                max={line.qty}
                inputMode="numeric"
                className="w-32"
                value={qty[line.sku] ?? ""}
                onChange={(event) => setQty({ ...qty, [line.sku]: event.target.value })}
                error={error(`qty:${line.sku}`)}
              />
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
            </div>
          ))}
        </fieldset>
      )}
      <Field
        name="reason"
        label={t("reason")}
        hint={t("reasonHint")}
        required
        maxLength={500}
        defaultValue={state.values?.reason}
        error={error("reason")}
      />
      <div>
        <button
          type="submit"
          disabled={pending || Object.keys(local).length > 0 || !hasInput}
          className={`${button} bg-orange-700 text-white hover:bg-orange-800`}
        >
          {t("submit")}
        </button>
      </div>
      <FormMessage message={state.error} />
      <Done state={state} />
    </form>
  );
}
