/**
 * The one state every form's server action answers with (lib/actions builds it, components/forms shows
 * it). Plain data: it crosses from the server action to the browser.
 */
export interface FormState<D = unknown> {
  status: "idle" | "ok" | "error";
  /** For the whole form: what was done, or why nothing was. */
  message?: string;
  /** Messages at the inputs, keyed by the inputs' names. */
  fields?: Record<string, string>;
  /** What was typed, to refill the inputs after a refused submit (also without JavaScript). */
  values?: Record<string, string>;
  /** What the page shows once, such as a new API token's text. */
  data?: D;
}

export const idle: FormState = { status: "idle" };

/**
 * A form's server action: called by useActionState (components/forms/Form) with the previous state, or
 * by a plain `<form action>` with the form alone (then its answer is not shown).
 */
export interface FormAction<D = unknown> {
  (state: FormState<D>, formData: FormData): Promise<FormState<D>>;
  (formData: FormData): Promise<void>;
}
