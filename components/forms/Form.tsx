"use client";

import { createContext, type ReactNode, useActionState, useContext } from "react";
import type { Constraint, Constraints } from "@/lib/forms/parse";
import { type FormAction, type FormState, idle } from "@/lib/forms/state";

interface FormContextValue {
  state: FormState;
  /** Prefix of the inputs' ids, for pages with several forms naming the same inputs. */
  idPrefix: string;
  constraints: Constraints;
  /** What an input shows: what was typed when the submit was refused, else the saved value. */
  value(name: string): string | undefined;
}

const FormContext = createContext<FormContextValue>({
  state: idle,
  idPrefix: "field",
  constraints: {},
  value: () => undefined,
});

/** The state and the inputs' values of the form around an input (GET forms get empty ones). */
export function useFormContext() {
  return useContext(FormContext);
}

export function useField(name: string, id?: string): { id: string; error?: string; constraint: Constraint } {
  const { state, idPrefix, constraints } = useFormContext();
  return {
    id: id ?? `${idPrefix}-${name}`,
    error: state.fields?.[name],
    constraint: constraints[name] ?? {},
  };
}

/** A form's action and its last answer; shared by several forms whose answer outlives them (order moves). */
export function useFormAction<D>(action: FormAction<D>) {
  const [state, run] = useActionState<FormState<D>, FormData>(action, idle as FormState<D>);
  return { state, run };
}

interface FormProps<D> {
  /** The server action, or an action and its answer from useFormAction. */
  action: FormAction<D> | ReturnType<typeof useFormAction<D>>;
  children: ReactNode | ((state: FormState<D>) => ReactNode);
  /** The saved record as the inputs show it. */
  values?: Record<string, string | undefined>;
  /** From constraintsOf(schema) on the server: required, maxLength, min… of each input. */
  constraints?: Constraints;
  /** Inputs that travel along unseen (the record's id…). */
  hidden?: Record<string, string | number>;
  idPrefix?: string;
  className?: string;
  testId?: string;
  label?: string;
  /** Where the form's outcome is shown: after the inputs (default), or not at all (the form shows it itself). */
  outcome?: "end" | "none";
  /** The outcome's place in a grid form ("sm:col-span-2"…). */
  outcomeClassName?: string;
  /**
   * With JavaScript, the submit goes here instead (a react-query mutation of the same change) and its
   * state is shown; without, the form still posts to `action`.
   */
  live?: LiveSubmit;
}

export interface LiveSubmit {
  submit(data: FormData, form: HTMLFormElement): void;
  state: FormState;
}

/**
 * A form posting to a server action (lib/actions), usable without JavaScript: the inputs are plain
 * inputs, the action's answer (FormState) refills them, puts each message at its input and the form's
 * outcome in an announced region. The browser's own checks are off (noValidate): the server's messages
 * are the ones in the visitor's language.
 */
export function Form<D>({
  action,
  children,
  values = {},
  constraints = {},
  hidden,
  idPrefix = "field",
  className,
  testId,
  label,
  outcome = "end",
  outcomeClassName,
  live,
}: FormProps<D>) {
  const own = useActionState<FormState<D>, FormData>(
    typeof action === "function" ? action : async (state) => state,
    idle as FormState<D>,
  );
  const [actionState, run] = typeof action === "function" ? own : [action.state, action.run];
  const state = (live && live.state.status !== "idle" ? live.state : actionState) as FormState<D>;
  const typed = state.status === "error" ? state.values : undefined;
  const context: FormContextValue = {
    state,
    idPrefix,
    constraints,
    value: (name) => (typed ? (typed[name] ?? "") : values[name]),
  };
  return (
    <FormContext value={context}>
      <form
        action={run}
        onSubmit={
          live &&
          ((event) => {
            event.preventDefault();
            const submitter = (event.nativeEvent as SubmitEvent).submitter;
            live.submit(new FormData(event.currentTarget, submitter), event.currentTarget);
          })
        }
        noValidate
        className={className}
        data-testid={testId}
        aria-label={label}
        // A new state re-applies the inputs' default values (refill or saved).
        key={JSON.stringify(state)}
      >
        {hidden &&
          Object.entries(hidden).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
        {typeof children === "function" ? children(state) : children}
        {outcome === "end" && <FormOutcome state={state} className={outcomeClassName} />}
      </form>
    </FormContext>
  );
}

/** The form's outcome: the refusal (an alert) or what was done (a status), both announced. */
export function FormOutcome({ state, className }: { state: FormState; className?: string }) {
  const region = (status: "error" | "ok", role: "alert" | "status", color: string) => (
    <p
      role={role}
      aria-live="polite"
      className={`text-sm ${color} empty:hidden`}
      data-testid={`form-${status}`}
    >
      {state.status === status ? state.message : undefined}
    </p>
  );
  return (
    <div className={className}>
      {region("error", "alert", "text-red-700")}
      {region("ok", "status", "text-emerald-800")}
    </div>
  );
}
