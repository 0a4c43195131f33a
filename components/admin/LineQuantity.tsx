"use client";

import type { ComponentProps, ReactNode } from "react";
import { Field } from "@/components/forms/Field";

/**
 * One order line in a form that picks how many of each line (a refund, a parcel): the line's name and a
 * caption, its quantity box (`qty:<sku>`, 0 to the line's quantity) and what else the form asks per line.
 * The SKUs travel as repeated `sku` inputs, in the lines' order.
 */
export function LineQuantity({
  line,
  caption,
  label,
  className = "flex flex-wrap items-end gap-3",
  children,
  ...quantity
}: Omit<ComponentProps<typeof Field>, "name" | "label" | "className" | "children"> & {
  line: { sku: string; name: string; qty: number };
  caption: ReactNode;
  label: ReactNode;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <div className={className}>
      <input type="hidden" name="sku" value={line.sku} />
      <div className="min-w-40 flex-1 text-sm">
        <div className="font-medium">{line.name}</div>
        <div className="text-xs text-stone-500">{caption}</div>
      </div>
      <Field
        name={`qty:${line.sku}`}
        label={label}
        type="number"
        min={0}
        max={line.qty}
        inputMode="numeric"
        className="w-32"
        {...quantity}
      />
      {children}
    </div>
  );
}
