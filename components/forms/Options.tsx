import type { ReactNode } from "react";

export interface Option {
  value: string;
  label: string;
}

/**
 * A select's options from a list. `empty` comes first with the empty value, for a select that may be left
 * unset ("all", "none"). No state, so plain GET forms (filters) use it too and ship no JavaScript.
 */
export function Options({ options, empty }: { options: readonly Option[]; empty?: ReactNode }) {
  return (
    <>
      {empty !== undefined && <option value="">{empty}</option>}
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </>
  );
}
