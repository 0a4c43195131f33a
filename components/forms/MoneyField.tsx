"use client";

import type { ComponentProps } from "react";
import { minorUnitFactor } from "@/lib/money";
import { Field } from "./Field";

/** Minor units as typed in a box: 4990 → "49,90" (no grouping, so it reads back as the same amount). */
export function majorInput(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return "";
  const factor = minorUnitFactor(currency);
  if (factor === 1) return String(minor);
  const digits = String(factor).length - 1;
  return `${Math.floor(minor / factor)},${String(minor % factor).padStart(digits, "0")}`;
}

/**
 * An amount typed in lira ("125,50"); the action's schema (lib/forms/fields.ts moneyInput) makes it
 * integer kuruş. `amount` is the saved value in minor units.
 */
export function MoneyField({
  amount,
  currency,
  ...field
}: Omit<ComponentProps<typeof Field>, "defaultValue" | "type"> & {
  amount?: number | null;
  currency: string;
}) {
  return (
    <Field
      inputMode="decimal"
      autoComplete="off"
      defaultValue={amount === undefined ? undefined : majorInput(amount, currency)}
      {...field}
    />
  );
}
