"use client";

import { type KeyboardEvent, type ReactNode, type RefObject, useEffect, useRef, useState } from "react";
import { useField, useFormContext } from "./Form";
import { controlClass, described, Frame } from "./Frame";
import { stepActive } from "./listbox";
import { type Place, placeNamed, placesMatching } from "./locations";

/**
 * A text input with a list of names to pick from as one types (the WAI-ARIA "editable combobox with list
 * autocomplete"): ↓ and ↑ move through the matching names, Enter picks one, Escape closes the list, a click
 * picks too, and a name typed in full is completed to its proper spelling on leaving the box. The input is
 * the form's own (its name, its refill after a refused submit, its message at the input), so without
 * JavaScript it is a plain text box whose value the server matches against the same list.
 */
export function Combobox({
  name,
  label,
  places,
  autoComplete,
  hint,
  className,
  onValue,
  inputRef,
}: {
  name: string;
  label: ReactNode;
  /** The names to pick from; undefined while there is no list (a plain text box then). */
  places: Place[] | undefined;
  autoComplete?: string;
  hint?: ReactNode;
  className?: string;
  /** The text after each change, typed or picked. */
  onValue?: (value: string) => void;
  inputRef?: RefObject<HTMLInputElement | null>;
}) {
  const field = useField(name);
  const { value } = useFormContext();
  const own = useRef<HTMLInputElement>(null);
  const input = inputRef ?? own;
  /** What the list is filtered by while it is open; null when it is closed. */
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(-1);
  const listId = `${field.id}-options`;
  const shown = places && query !== null ? placesMatching(places, query) : [];
  const open = shown.length > 0;
  const optionId = (index: number) => `${listId}-${index}`;

  useEffect(() => {
    if (active >= 0) document.getElementById(optionId(active))?.scrollIntoView({ block: "nearest" });
  });

  const setText = (text: string) => {
    if (input.current) input.current.value = text;
    onValue?.(text);
  };
  const close = () => {
    setQuery(null);
    setActive(-1);
  };
  const pick = (place: Place) => {
    setText(place.name);
    close();
  };

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const down = event.key === "ArrowDown";
    if (down || event.key === "ArrowUp") {
      event.preventDefault();
      if (!places) return;
      const text = event.currentTarget.value;
      // A name already picked opens the whole list, as a select would.
      const filter = query ?? (placeNamed(places, text) ? "" : text);
      const count = placesMatching(places, filter).length;
      if (count === 0) return;
      setQuery(filter);
      setActive((current) => stepActive(current, count, down, query === null));
    } else if (event.key === "Enter" && open && shown[active]) {
      event.preventDefault();
      pick(shown[active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    }
  }

  return (
    <Frame id={field.id} name={name} label={label} hint={hint} error={field.error} className={className}>
      <div className="relative">
        <input
          ref={input}
          id={field.id}
          name={name}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
          autoComplete={autoComplete}
          defaultValue={value(name)}
          maxLength={field.constraint.maxLength}
          className={`${controlClass(field.error)} w-full`}
          {...described(field.id, hint, field.error)}
          onChange={(event) => {
            setQuery(event.currentTarget.value);
            setActive(-1);
            onValue?.(event.currentTarget.value);
          }}
          onKeyDown={onKeyDown}
          onBlur={(event) => {
            close();
            // "kadikoy" becomes "Kadıköy" once the shopper leaves the box.
            const match = placeNamed(places, event.currentTarget.value);
            if (match && match.name !== event.currentTarget.value) setText(match.name);
          }}
        />
        <div
          id={listId}
          role="listbox"
          hidden={!open}
          className="absolute z-10 mt-1 max-h-60 w-full overflow-auto rounded-md border border-stone-300 bg-white py-1 text-sm shadow-lg"
        >
          {shown.map((place, index) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the keys are the input's (aria-activedescendant)
            <div
              key={place.code}
              id={optionId(index)}
              role="option"
              tabIndex={-1}
              aria-selected={index === active}
              // Keeps the focus in the input, so the click picks instead of leaving the box.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => pick(place)}
              className={`cursor-pointer px-3 py-1.5 ${index === active ? "bg-brand-700 text-white" : "hover:bg-stone-100"}`}
            >
              {place.name}
            </div>
          ))}
        </div>
      </div>
    </Frame>
  );
}
