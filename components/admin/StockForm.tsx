"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { type AdminFormState, setStockAction } from "@/app/actions/admin";
import { Field, FormMessage } from "@/components/account/Field";

/** Sets a SKU's units on hand with a reason; the server refuses less than what is reserved. */
export function StockForm({ sku, onHand, reserved }: { sku: string; onHand: number; reserved: number }) {
  const t = useTranslations("admin.inventory.detail");
  const common = useTranslations("admin.common");
  const [state, action, pending] = useActionState<AdminFormState, FormData>(setStockAction, {});
  return (
    <form
      action={action}
      noValidate
      className="flex flex-col gap-3"
      data-testid="stock-form"
      key={JSON.stringify(state)}
    >
      <input type="hidden" name="sku" value={sku} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          name="onHand"
          label={t("onHand")}
          hint={t("onHandHint", { reserved })}
          type="number"
          inputMode="numeric"
          min={reserved}
          required
          defaultValue={state.values?.onHand ?? String(onHand)}
          error={state.fields?.onHand}
        />
        <Field
          name="reason"
          label={t("reason")}
          placeholder={t("reasonPlaceholder")}
          maxLength={200}
          defaultValue={state.values?.reason}
          error={state.fields?.reason}
        />
      </div>
      <div>
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-stone-900 px-4 py-2 text-sm font-medium text-white disabled:opacity-60"
        >
          {pending ? common("saving") : common("save")}
        </button>
      </div>
      <FormMessage message={state.error} />
      <p role="status" aria-live="polite" className="min-h-5 text-sm text-emerald-800">
        {state.ok}
      </p>
    </form>
  );
}
