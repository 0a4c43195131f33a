import type { InputHTMLAttributes } from "react";

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  /** The server's message for this field, shown under it and announced with it. */
  error?: string;
  hint?: string;
}

/** A labelled input with its inline validation message (aria-invalid + aria-describedby). */
export function Field({ name, label, error, hint, id, className, ...input }: FieldProps) {
  const inputId = id ?? `field-${name}`;
  const described = [hint ? `${inputId}-hint` : null, error ? `${inputId}-error` : null].filter(Boolean);
  return (
    <div className={`flex flex-col gap-1 ${className ?? ""}`}>
      <label htmlFor={inputId} className="text-sm font-medium text-stone-700">
        {label}
      </label>
      <input
        id={inputId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={described.length ? described.join(" ") : undefined}
        className={`rounded-md border bg-white px-3 py-2 text-sm ${error ? "border-red-600" : "border-stone-300"}`}
        {...input}
      />
      {hint && (
        <p id={`${inputId}-hint`} className="text-xs text-stone-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${inputId}-error`} className="text-sm text-red-700" data-testid={`error-${name}`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The form-level message (e.g. "wrong email or password"), announced politely. */
export function FormMessage({ message }: { message?: string }) {
  return (
    <p role="alert" aria-live="polite" className="min-h-5 text-sm text-red-700" data-testid="form-error">
      {message}
    </p>
  );
}
