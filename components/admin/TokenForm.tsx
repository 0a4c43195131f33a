"use client";

import { useTranslations } from "next-intl";
import { createTokenAction } from "@/app/actions/admin";
import { Field, WholeNumberField } from "@/components/forms/Field";
import { Form, FormOutcome } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import type { Constraints } from "@/lib/forms/parse";
import type { FormState } from "@/lib/forms/state";

/** Makes an admin API token and shows its text this once. */
export function TokenForm({ constraints }: { constraints?: Constraints }) {
  const t = useTranslations("admin.tokens");
  return (
    <Form action={createTokenAction} constraints={constraints} className="flex flex-col gap-3" outcome="none">
      {(state: FormState<{ token: string }>) => (
        <>
          <div className="grid gap-3 sm:grid-cols-[2fr_1fr_auto] sm:items-end">
            <Field name="name" label={t("name")} />
            <WholeNumberField name="expiresInDays" label={t("expiresInDays")} hint={t("expiresHint")} />
            <SubmitButton className="sm:mb-6">{t("create")}</SubmitButton>
          </div>
          {state.data ? (
            <div role="status" className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm">
              <p className="font-medium">{state.message}</p>
              <p>{t("copyNow")}</p>
              <code
                className="mt-1 block break-all rounded bg-white p-2 font-mono select-all"
                data-testid="new-token"
              >
                {state.data.token}
              </code>
            </div>
          ) : (
            <FormOutcome state={state} />
          )}
        </>
      )}
    </Form>
  );
}
