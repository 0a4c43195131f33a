"use client";

import { useFormAction } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import type { FormAction } from "@/lib/forms/state";

/**
 * Deleting the record of the form around it: the form's own `id` goes to this action instead
 * (formAction); its refusal ("still holds 3 products") is shown beside the button.
 */
export function DeleteButton({ action, label }: { action: FormAction; label: string }) {
  const { state, run } = useFormAction(action);
  return (
    <span className="flex flex-wrap items-center gap-2">
      <SubmitButton look="secondary" className="text-red-800" formAction={run} formNoValidate>
        {label}
      </SubmitButton>
      {state.status === "error" && (
        <span role="alert" className="text-sm text-red-700" data-testid="delete-error">
          {state.message}
        </span>
      )}
    </span>
  );
}
