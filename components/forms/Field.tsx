"use client";

import type {
  ChangeEventHandler,
  InputHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from "react";
import { useField, useFormContext } from "./Form";
import { controlClass, described, FieldError, Frame } from "./Frame";

interface Common {
  name: string;
  /** A message found in the browser (live checks); the server's otherwise. */
  error?: string;
  label: ReactNode;
  hint?: ReactNode;
  /** The label only for assistive technology (where the form's look says what the input is). */
  hideLabel?: boolean;
  id?: string;
  className?: string;
}

/** What every control shares: its id, its message, the schema's constraints, the refill, the frame. */
function useControl<P extends Common & { defaultValue?: unknown }>(props: P) {
  const { name, label, hint, hideLabel, id: givenId, className, defaultValue, error: local, ...rest } = props;
  const field = useField(name, givenId);
  const { value } = useFormContext();
  const error = local ?? field.error;
  const control = {
    id: field.id,
    name,
    // A controlled control (value + onChange) keeps its own value; a file is never refilled.
    defaultValue:
      "value" in rest || (rest as { type?: string }).type === "file"
        ? undefined
        : ((value(name) ?? defaultValue) as string | undefined),
    className: controlClass(error),
    ...described(field.id, hint, error),
  };
  return {
    frame: { id: field.id, name, label, hint, hideLabel, error, className },
    control,
    constraint: field.constraint,
    rest,
  };
}

type InputProps = Common & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id" | "className">;

/**
 * A labelled input of the form around it: its value refilled after a refused submit, its message, and
 * the constraints of the action's schema (explicit attributes win).
 */
export function Field(props: InputProps) {
  const { frame, control, constraint, rest } = useControl(props);
  return (
    <Frame {...frame}>
      <input {...constraint} {...control} {...rest} />
    </Frame>
  );
}

/** A whole number (a count, a position, days): the number keypad on phones; the schema gives the bounds. */
export function WholeNumberField(props: Omit<InputProps, "type" | "inputMode">) {
  return <Field type="number" inputMode="numeric" {...props} />;
}

/** A name in the store's two languages, sent as `nameTr` and `nameEn`. */
export function NameFields({
  labels,
  maxLength,
  required = true,
}: {
  labels: { tr: ReactNode; en: ReactNode };
  maxLength: number;
  required?: boolean;
}) {
  // Without `required` at all when optional, so the schema's constraint (if any) still applies.
  const rules = required ? { required, maxLength } : { maxLength };
  return (
    <>
      <Field name="nameTr" label={labels.tr} {...rules} />
      <Field name="nameEn" label={labels.en} {...rules} />
    </>
  );
}

type TextAreaProps = Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "id" | "className">;

export function TextArea(props: TextAreaProps) {
  const { frame, control, constraint, rest } = useControl(props);
  return (
    <Frame {...frame}>
      <textarea required={constraint.required} maxLength={constraint.maxLength} {...control} {...rest} />
    </Frame>
  );
}

type SelectProps = Common &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, "name" | "id" | "className"> & { children: ReactNode };

export function Select({ children, ...props }: SelectProps) {
  const { frame, control, constraint, rest } = useControl(props);
  return (
    <Frame {...frame}>
      <select
        required={constraint.required}
        {...control}
        className={`${control.className} min-h-10`}
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
  onChange,
}: {
  name: string;
  label: ReactNode;
  defaultChecked?: boolean;
  onChange?: ChangeEventHandler<HTMLInputElement>;
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
          onChange={onChange}
          className="size-4"
          {...described(id, undefined, error)}
        />
        {label}
      </label>
      <FieldError id={id} name={name} error={error} />
    </div>
  );
}
