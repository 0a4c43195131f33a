"use client";

import type { ReactNode } from "react";
import type { FormState } from "@/app/actions/account";
import { FormMessage } from "./Field";

/**
 * The frame of the sign-in and registration forms: the safe `next` path carried along, the fields, the
 * server's message and the submit button. A plain form posting to a server action: works without JavaScript.
 */
export function AuthForm({
  action,
  state,
  pending,
  next,
  submit,
  children,
}: {
  action: (formData: FormData) => void;
  state: FormState;
  pending: boolean;
  next: string | null;
  submit: { label: string; pendingLabel: string };
  children: ReactNode;
}) {
  return (
    <form action={action} className="flex flex-col gap-4" noValidate key={JSON.stringify(state)}>
      {next && <input type="hidden" name="next" value={next} />}
      {children}
      <FormMessage message={state.error} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-brand-700 px-5 py-2.5 text-sm font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {pending ? submit.pendingLabel : submit.label}
      </button>
    </form>
  );
}
