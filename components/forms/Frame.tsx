import type { ReactNode } from "react";

/**
 * The markup every input shares (a label, the control, a hint, the server's message), without state: the
 * form inputs of components/forms/Field.tsx wrap it, and plain GET forms (search, filters) use it as is,
 * so they ship no JavaScript.
 */
export function Frame({
  id,
  name,
  label,
  hint,
  error,
  hideLabel,
  className,
  children,
}: {
  id: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** Only for assistive technology (a search box whose button says what it is). */
  hideLabel?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={`flex flex-col gap-1 ${className ?? ""}`}>
      <label htmlFor={id} className={hideLabel ? "sr-only" : "text-sm font-medium text-stone-700"}>
        {label}
      </label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-stone-500">
          {hint}
        </p>
      )}
      <FieldError id={id} name={name} error={error} />
    </div>
  );
}

/** An input's message from the server (also for inputs laid out by hand). */
export function FieldError({ id, name, error }: { id?: string; name: string; error?: string }) {
  if (!error) return null;
  return (
    <p id={id ? `${id}-error` : undefined} className="text-sm text-red-700" data-testid={`error-${name}`}>
      {error}
    </p>
  );
}

/** The attributes that tie a control to its messages. */
export function described(id: string, hint: unknown, error?: string) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return {
    "aria-invalid": error ? true : undefined,
    "aria-describedby": ids.length ? ids.join(" ") : undefined,
  } as const;
}

export const controlClass = (error?: string) =>
  `rounded-md border bg-white px-3 py-2 text-sm ${error ? "border-red-600" : "border-stone-300"}`;
