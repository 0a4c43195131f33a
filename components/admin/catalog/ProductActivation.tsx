"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { AdminFormState } from "@/app/actions/admin";
import { setProductActiveAction } from "@/app/actions/admin-catalog";
import { Outcome, primaryButton, secondaryButton } from "./fields";

/** On sale ↔ hidden. Hiding takes a ticked confirmation, since shoppers lose the product at once. */
export function ProductActivation({ id, active }: { id: number; active: boolean }) {
  const t = useTranslations("adminCatalog.activation");
  const [state, action, pending] = useActionState<AdminFormState, FormData>(setProductActiveAction, {});
  const confirmError = state.fields?.confirm;
  return (
    <form
      action={action}
      className="flex flex-col gap-2"
      data-testid="product-activation"
      key={JSON.stringify(state)}
    >
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="active" value={active ? "false" : "true"} />
      <p className="text-sm">{active ? t("isActive") : t("isInactive")}</p>
      {active && (
        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            name="confirm"
            className="mt-0.5 size-4"
            aria-invalid={confirmError ? true : undefined}
            aria-describedby={confirmError ? "confirm-error" : undefined}
          />
          {t("confirm")}
        </label>
      )}
      {confirmError && (
        <p id="confirm-error" className="text-sm text-red-700" data-testid="error-confirm">
          {confirmError}
        </p>
      )}
      <div>
        <button type="submit" disabled={pending} className={active ? secondaryButton : primaryButton}>
          {active ? t("deactivate") : t("activate")}
        </button>
      </div>
      <Outcome error={confirmError ? undefined : state.error} ok={state.ok} />
    </form>
  );
}
