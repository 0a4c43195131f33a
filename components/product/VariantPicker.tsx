"use client";

import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { formatMoney } from "@/lib/money";
import { stockStatus } from "./stock";

export interface PickerVariant {
  sku: string;
  name: string;
  attributes: Record<string, string>;
  price: number;
  available: number;
}

const AXES = ["color", "size"] as const;

/**
 * Colour and size buttons that narrow the product to one variant and show its price and stock.
 * Every combination is rendered server-side as the first variant, so the page reads fine before hydration.
 */
export function VariantPicker({
  variants,
  currency,
  locale,
  lowStockThreshold,
}: {
  variants: PickerVariant[];
  currency: string;
  locale: string;
  lowStockThreshold: number;
}) {
  const t = useTranslations("product");
  const tc = useTranslations("colors");
  const firstAvailable = variants.find((v) => v.available > 0) ?? variants[0];
  const [selected, setSelected] = useState<Record<string, string>>(firstAvailable?.attributes ?? {});

  const axes = useMemo(
    () => AXES.filter((axis) => variants.some((v) => v.attributes[axis] !== undefined)),
    [variants],
  );
  const current =
    variants.find((v) => axes.every((axis) => v.attributes[axis] === selected[axis])) ?? firstAvailable;
  if (!current) return null;
  const status = stockStatus(current.available, lowStockThreshold);

  function choose(axis: string, value: string) {
    const next = { ...selected, [axis]: value };
    // Keep the other choices if such a variant exists; otherwise take the first variant with this value.
    const exact = variants.find((v) => axes.every((a) => v.attributes[a] === next[a]));
    setSelected(exact ? next : (variants.find((v) => v.attributes[axis] === value)?.attributes ?? next));
  }

  const label = (axis: string, value: string) =>
    axis === "color" ? (tc.has(value) ? tc(value) : value) : value;

  return (
    <div className="flex flex-col gap-5">
      <p className="text-2xl font-semibold text-stone-900" data-testid="price">
        {formatMoney(current.price, currency, locale)}
      </p>
      {axes.map((axis) => {
        const values = [
          ...new Set(variants.map((v) => v.attributes[axis]).filter((v): v is string => Boolean(v))),
        ];
        return (
          <fieldset key={axis}>
            <legend className="mb-2 text-sm font-medium text-stone-700">
              {t(`axis.${axis}`)}: <span className="font-normal">{label(axis, selected[axis] ?? "")}</span>
            </legend>
            <div className="flex flex-wrap gap-2">
              {values.map((value) => {
                const isSelected = selected[axis] === value;
                const anyInStock = variants.some((v) => v.attributes[axis] === value && v.available > 0);
                return (
                  <button
                    key={value}
                    type="button"
                    aria-pressed={isSelected}
                    onClick={() => choose(axis, value)}
                    className={`min-w-11 rounded-md border px-3 py-2 text-sm ${
                      isSelected
                        ? "border-brand-700 bg-brand-700 text-white"
                        : "border-stone-300 bg-white text-stone-800 hover:border-brand-600"
                    } ${anyInStock ? "" : "line-through opacity-60"}`}
                  >
                    {label(axis, value)}
                  </button>
                );
              })}
            </div>
          </fieldset>
        );
      })}
      <p
        aria-live="polite"
        data-testid="stock-status"
        className={`text-sm font-medium ${
          status.kind === "soldOut"
            ? "text-red-700"
            : status.kind === "low"
              ? "text-accent-700"
              : "text-brand-700"
        }`}
      >
        {status.kind === "soldOut"
          ? t("soldOut")
          : status.kind === "low"
            ? t("lowStock", { count: status.count })
            : t("inStock")}
      </p>
      <p className="text-xs text-stone-500">
        {t("sku")}: <span data-testid="sku">{current.sku}</span>
      </p>
    </div>
  );
}
