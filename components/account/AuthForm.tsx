"use client";

import type { ReactNode } from "react";
import { Form, FormOutcome } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import type { FormAction } from "@/lib/forms/state";

/**
 * The frame of the sign-in and registration forms: the safe `next` path carried along, the fields, the
 * server's message and the submit button. A plain form posting to a server action: works without JavaScript.
 */
export function AuthForm({
  action,
  next,
  submit,
  children,
}: {
  action: FormAction;
  next: string | null;
  submit: { label: string; pendingLabel: string };
  children: ReactNode;
}) {
  return (
    <Form action={action} hidden={next ? { next } : undefined} className="flex flex-col gap-4" outcome="none">
      {(state) => (
        <>
          {children}
          <FormOutcome state={state} />
          <SubmitButton look="brand" pendingLabel={submit.pendingLabel}>
            {submit.label}
          </SubmitButton>
        </>
      )}
    </Form>
  );
}
