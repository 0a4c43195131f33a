"use client";

import type { ButtonHTMLAttributes, ReactNode } from "react";
import { useFormStatus } from "react-dom";

const looks = {
  primary: "min-h-10 rounded-md bg-stone-900 px-4 py-2 text-sm font-medium text-white",
  brand: "rounded-md bg-brand-700 px-5 py-2.5 text-sm font-semibold text-white hover:bg-brand-800",
  outline:
    "rounded-md border border-brand-700 px-3 py-2 text-sm font-medium text-brand-800 hover:bg-brand-50",
  secondary: "min-h-10 rounded-md border border-stone-300 bg-white px-3 py-2 text-sm hover:bg-stone-100",
  danger:
    "min-h-10 rounded-md border border-red-700 px-4 py-2 text-sm font-medium text-red-800 hover:bg-red-50",
  small:
    "rounded-md border border-stone-300 px-2.5 py-1 text-xs font-medium text-stone-700 hover:bg-stone-100",
  smallDanger:
    "rounded-md border border-red-200 px-2.5 py-1 text-xs font-medium text-red-700 hover:bg-red-50",
  /** Only the given className. */
  none: "",
} as const;

/** Submits the form around it; disabled and showing `pendingLabel` while the action runs. */
export function SubmitButton({
  children,
  pendingLabel,
  look = "primary",
  className,
  disabled,
  ...button
}: Omit<ButtonHTMLAttributes<HTMLButtonElement>, "type"> & {
  children: ReactNode;
  pendingLabel?: ReactNode;
  look?: keyof typeof looks;
}) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      className={`disabled:opacity-60 ${looks[look]} ${className ?? ""}`}
      {...button}
      disabled={pending || disabled}
    >
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}
