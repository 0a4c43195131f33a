"use client";

import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { useField, useFormContext } from "./Form";
import { controlClass as control, described, FieldError, Frame } from "./Frame";

interface Common {
  name: string;
  /** A message found in the browser (live checks); the server's otherwise. */
  error?: string;
  label: ReactNode;
  hint?: ReactNode;
  id?: string;
  className?: string;
}

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
