import type { ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { FormMessage } from "@/components/account/Field";

/** Messages under a control, linked to it (aria-describedby), as components/account/Field does for inputs. */
function described(id: string, hint?: string, error?: string) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return {
    "aria-invalid": error ? true : undefined,
    "aria-describedby": ids.length ? ids.join(" ") : undefined,
  } as const;
}

function Below({ id, name, hint, error }: { id: string; name: string; hint?: string; error?: string }) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-stone-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700" data-testid={`error-${name}`}>
          {error}
        </p>
      )}
    </>
  );
}

const control = (error?: string) =>
  `rounded-md border bg-white px-3 py-2 text-sm ${error ? "border-red-600" : "border-stone-300"}`;

interface TextAreaProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  name: string;
  label: string;
  error?: string;
  hint?: string;
}

export function TextArea({ name, label, error, hint, id, className, ...rest }: TextAreaProps) {
  const inputId = id ?? `field-${name}`;
  return (
    <div className={`flex flex-col gap-1 ${className ?? ""}`}>
      <label htmlFor={inputId} className="text-sm font-medium text-stone-700">
        {label}
      </label>
      <textarea
        id={inputId}
        name={name}
        className={control(error)}
        {...described(inputId, hint, error)}
        {...rest}
      />
      <Below id={inputId} name={name} hint={hint} error={error} />
    </div>
  );
}

interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  children: ReactNode;
}

export function Select({ name, label, error, hint, id, className, children, ...rest }: SelectProps) {
  const inputId = id ?? `field-${name}`;
  return (
    <div className={`flex flex-col gap-1 ${className ?? ""}`}>
      <label htmlFor={inputId} className="text-sm font-medium text-stone-700">
        {label}
      </label>
      <select
        id={inputId}
        name={name}
        className={`${control(error)} min-h-10`}
        {...described(inputId, hint, error)}
        {...rest}
      >
        {children}
      </select>
      <Below id={inputId} name={name} hint={hint} error={error} />
    </div>
  );
}

export function Checkbox({
  name,
  label,
  defaultChecked,
}: {
  name: string;
  label: string;
  defaultChecked?: boolean;
}) {
  return (
    <label className="flex min-h-10 items-center gap-2 text-sm">
      <input type="checkbox" name={name} defaultChecked={defaultChecked} className="size-4" />
      {label}
    </label>
  );
}

export const primaryButton =
  "min-h-10 rounded-md bg-stone-900 px-4 py-2 text-sm font-medium text-white disabled:opacity-60";
export const secondaryButton =
  "min-h-10 rounded-md border border-stone-300 bg-white px-3 py-2 text-sm hover:bg-stone-100 disabled:opacity-60";

/** The form's outcome: the refusal (announced as an alert) or what was done. */
export function Outcome({ error, ok }: { error?: string; ok?: string }) {
  return (
    <>
      <FormMessage message={error} />
      <p
        role="status"
        aria-live="polite"
        className="text-sm text-emerald-800 empty:hidden"
        data-testid="form-ok"
      >
        {ok}
      </p>
    </>
  );
}
