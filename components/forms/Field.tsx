"use client";

import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { useField, useFormContext } from "./Form";

interface Common {
  name: string;
  /** A message found in the browser (live checks); the server's otherwise. */
  error?: string;
  label: ReactNode;
  hint?: ReactNode;
  id?: string;
  className?: string;
}

/** Label, control, hint and the server's message, linked for assistive technology. */
function Frame({
  id,
  name,
  label,
  hint,
  error,
  className,
  children,
}: {
  id: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={`flex flex-col gap-1 ${className ?? ""}`}>
      <label htmlFor={id} className="text-sm font-medium text-stone-700">
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
function described(id: string, hint: unknown, error?: string) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return {
    "aria-invalid": error ? true : undefined,
    "aria-describedby": ids.length ? ids.join(" ") : undefined,
  } as const;
}

const control = (error?: string) =>
  `rounded-md border bg-white px-3 py-2 text-sm ${error ? "border-red-600" : "border-stone-300"}`;

type InputProps = Common & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id" | "className">;

/**
 * A labelled input of the form around it: its value refilled after a refused submit, its message, and
 * the constraints of the action's schema (explicit attributes win).
 */
export function Field({
  name,
  label,
  hint,
  id: givenId,
  className,
  defaultValue,
  error: local,
  ...input
}: InputProps) {
  const field = useField(name, givenId);
  const { id, constraint } = field;
  const error = local ?? field.error;
  const { value } = useFormContext();
  // A controlled input (value + onChange) keeps its own value.
  const initial = "value" in input ? undefined : (value(name) ?? defaultValue);
  return (
    <Frame id={id} name={name} label={label} hint={hint} error={error} className={className}>
      <input
        id={id}
        name={name}
        defaultValue={initial}
        className={control(error)}
        {...constraint}
        {...described(id, hint, error)}
        {...input}
      />
    </Frame>
  );
}

type TextAreaProps = Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "id" | "className">;

export function TextArea({
  name,
  label,
  hint,
  id: givenId,
  className,
  defaultValue,
  ...rest
}: TextAreaProps) {
  const { id, error, constraint } = useField(name, givenId);
  const { value } = useFormContext();
  const { pattern: _pattern, min: _min, max: _max, ...allowed } = constraint;
  return (
    <Frame id={id} name={name} label={label} hint={hint} error={error} className={className}>
      <textarea
        id={id}
        name={name}
        defaultValue={value(name) ?? defaultValue}
        className={control(error)}
        {...allowed}
        {...described(id, hint, error)}
        {...rest}
      />
    </Frame>
  );
}

type SelectProps = Common &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, "name" | "id" | "className"> & { children: ReactNode };

export function Select({
  name,
  label,
  hint,
  id: givenId,
  className,
  defaultValue,
  children,
  ...rest
}: SelectProps) {
  const { id, error, constraint } = useField(name, givenId);
  const { value } = useFormContext();
  // A controlled select (value + onChange) keeps its own value.
  const initial = "value" in rest ? undefined : (value(name) ?? defaultValue);
  return (
    <Frame id={id} name={name} label={label} hint={hint} error={error} className={className}>
      <select
        id={id}
        name={name}
        defaultValue={initial}
        className={`${control(error)} min-h-10`}
        required={constraint.required}
        {...described(id, hint, error)}
        {...rest}
      >
        {children}
      </select>
    </Frame>
  );
}

/** A checkbox ("on" when ticked); after a refused submit it shows what was sent. */
export function Checkbox({
  name,
  label,
  defaultChecked,
  value: sent,
  className,
}: {
  name: string;
  label: ReactNode;
  defaultChecked?: boolean;
  /** What is sent when ticked; "on" by default. */
  value?: string;
  className?: string;
}) {
  const { value } = useFormContext();
  const { id, error } = useField(name);
  const current = value(name);
  const checked = current === undefined ? defaultChecked : current === (sent ?? "on");
  return (
    <div className={className}>
      <label className="flex min-h-10 items-center gap-2 text-sm">
        <input
          type="checkbox"
          id={id}
          name={name}
          value={sent}
          defaultChecked={checked}
          className="size-4"
          {...described(id, undefined, error)}
        />
        {label}
      </label>
      <FieldError id={id} name={name} error={error} />
    </div>
  );
}
