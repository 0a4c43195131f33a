"use client";

import { useRouter } from "next/navigation";
import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import { stepActive } from "@/components/forms/listbox";
import { ProductThumb } from "@/components/product/ProductThumb";
import { formatMoney } from "@/lib/money";
import type { Suggestions } from "@/lib/search/suggest";

/** Wait after the last keystroke before asking: one request per pause, not per letter. */
const DEBOUNCE_MS = 150;

interface Option {
  key: string;
  href: string;
  group: keyof Suggestions;
  label: string;
  image?: string | null;
  price?: string;
}

export interface SuggestTexts {
  products: string;
  categories: string;
  brands: string;
  queries: string;
}

const GROUPS: (keyof Suggestions)[] = ["products", "categories", "brands", "queries"];

function optionsOf(data: Suggestions, price: (amount: number) => string): Option[] {
  return [
    ...data.products.map((p) => ({
      key: `p-${p.slug}`,
      href: `/products/${encodeURIComponent(p.slug)}`,
      group: "products" as const,
      label: p.name,
      image: p.image,
      price: price(p.priceFrom),
    })),
    ...data.categories.map((c) => ({
      key: `c-${c.slug}`,
      href: `/products?category=${encodeURIComponent(c.slug)}`,
      group: "categories" as const,
      label: c.name,
    })),
    ...data.brands.map((b) => ({
      key: `b-${b.slug}`,
      href: `/products?brand=${encodeURIComponent(b.slug)}`,
      group: "brands" as const,
      label: b.name,
    })),
    ...data.queries.map((q) => ({
      key: `q-${q}`,
      href: `/products?q=${encodeURIComponent(q)}`,
      group: "queries" as const,
      label: q,
    })),
  ];
}

/**
 * The header's search input as a WAI-ARIA combobox with a listbox of suggestions (products with image and
 * price, categories, brands, popular searches), asked for 150 ms after typing stops, an older request
 * cancelled by a newer one. The first suggestion is active as the list appears (WAI-ARIA's list
 * autocomplete with automatic selection), ↓/↑ move through the options, Enter opens the active one,
 * Escape closes the list (Enter then submits the search form to the results page, as does the button), a
 * click opens. The input is the form's own, so without JavaScript the form still searches.
 */
export function SearchSuggest({
  id,
  name,
  defaultValue,
  placeholder,
  maxLength,
  className,
  locale,
  currency,
  texts,
}: {
  id: string;
  name: string;
  defaultValue?: string;
  placeholder: string;
  maxLength: number;
  className: string;
  locale: string;
  currency: string;
  texts: SuggestTexts;
}) {
  const router = useRouter();
  const [options, setOptions] = useState<Option[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const pending = useRef<{ timer?: ReturnType<typeof setTimeout>; controller?: AbortController }>({});
  const listId = `${id}-suggestions`;
  const optionId = (index: number) => `${listId}-${index}`;
  const shown = open && options.length > 0;

  useEffect(() => {
    const current = pending.current;
    return () => {
      clearTimeout(current.timer);
      current.controller?.abort();
    };
  }, []);

  const price = (amount: number) => formatMoney(amount, currency, locale);

  function ask(text: string) {
    const current = pending.current;
    clearTimeout(current.timer);
    current.controller?.abort();
    const q = text.trim();
    if (!q) {
      setOptions([]);
      setActive(-1);
      return;
    }
    current.timer = setTimeout(async () => {
      const controller = new AbortController();
      current.controller = controller;
      try {
        const response = await fetch(`/api/search/suggest?q=${encodeURIComponent(q.slice(0, maxLength))}`, {
          signal: controller.signal,
        });
        if (!response.ok) return;
        const data = (await response.json()) as Suggestions;
        if (controller.signal.aborted) return;
        const found = optionsOf(data, price);
        setOptions(found);
        // The first suggestion is active as it appears (the pattern's automatic selection): Enter opens it.
        setActive(found.length ? 0 : -1);
        setOpen(true);
      } catch {
        // A cancelled or failed request leaves the list as it was; the form still searches.
      }
    }, DEBOUNCE_MS);
  }

  const go = (option: Option) => {
    setOpen(false);
    router.push(option.href);
  };

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const down = event.key === "ArrowDown";
    if (down || event.key === "ArrowUp") {
      if (options.length === 0) return;
      event.preventDefault();
      const count = options.length;
      setOpen(true);
      setActive((current) => stepActive(current, count, down, !shown));
    } else if (event.key === "Enter" && shown && options[active]) {
      event.preventDefault();
      go(options[active]);
    } else if (event.key === "Escape" && shown) {
      event.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  }

  return (
    <div className="relative w-full">
      <input
        id={id}
        name={name}
        type="search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown && active >= 0 ? optionId(active) : undefined}
        autoComplete="off"
        defaultValue={defaultValue}
        placeholder={placeholder}
        maxLength={maxLength}
        className={className}
        onChange={(event) => ask(event.currentTarget.value)}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
      />
      <div
        id={listId}
        role="listbox"
        aria-label={placeholder}
        hidden={!shown}
        className="absolute z-20 mt-1 max-h-[70vh] w-full min-w-72 overflow-auto rounded-md border border-stone-300 bg-white py-1 text-sm shadow-lg"
      >
        {GROUPS.map((group) => {
          const members = options
            .map((option, index) => ({ option, index }))
            .filter(({ option }) => option.group === group);
          if (members.length === 0) return null;
          return (
            // biome-ignore lint/a11y/useSemanticElements: a listbox's option groups are role=group, not fieldsets
            <div key={group} role="group" aria-labelledby={`${listId}-${group}`}>
              <div
                id={`${listId}-${group}`}
                role="presentation"
                className="px-3 pb-1 pt-2 text-xs font-semibold uppercase text-stone-500"
              >
                {texts[group]}
              </div>
              {members.map(({ option, index }) => (
                // biome-ignore lint/a11y/useKeyWithClickEvents: the keys are the input's (aria-activedescendant)
                <div
                  key={option.key}
                  id={optionId(index)}
                  role="option"
                  tabIndex={-1}
                  aria-selected={index === active}
                  data-testid={`suggestion-${group}`}
                  // Keeps the focus in the input, so the click opens instead of closing the list first.
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => go(option)}
                  className={`flex cursor-pointer items-center gap-3 px-3 py-1.5 ${
                    index === active ? "bg-brand-700 text-white" : "hover:bg-stone-100"
                  }`}
                >
                  {option.image !== undefined && <ProductThumb src={option.image} size="small" />}
                  <span className="flex-1">{option.label}</span>
                  {option.price && <span className="whitespace-nowrap font-medium">{option.price}</span>}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
