"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { AddToCart } from "@/components/cart/AddToCart";
import { WishlistHeart } from "@/components/wishlist/WishlistHeart";
import { formatMoney } from "@/lib/money";
import { useStock } from "./queries";
import { StockAlertForm } from "./StockAlertForm";
import { stockStatus } from "./stock";

export interface PickerVariant {
  sku: string;
  name: string;
  attributes: Record<string, string>;
  price: number;
}

const AXES = ["color", "size"] as const;

/**
 * Colour and size choices that narrow the product to one variant, with its price, stock and the
 * add-to-cart form. Each choice is a link (?sku=…), so the picker also works without JavaScript;
 * with it, the choice changes in place. The page around it is cached, so stock is read live from the
 * API after load (and again after each cart change, in any tab); until then nothing is claimed about it, and the
 * server checks stock when the shopper adds to the cart anyway.
 */
export function VariantPicker({
  slug,
  variants,
  initialSku,
  currency,
  locale,
  lowStockThreshold,
}: {
  slug: string;
  variants: PickerVariant[];
  /** The variant of ?sku=, or null: then the first one in stock once stock is known. */
  initialSku: string | null;
  currency: string;
  locale: string;
  lowStockThreshold: number;
}) {
  const t = useTranslations("product");
  const tc = useTranslations("colors");
  const ts = useTranslations("storefront");
  const [sku, setSku] = useState(initialSku);
  const stock = useStock(slug);
  const known = stock.data ?? null;
  // No variant asked for: the first one in stock once stock is known, as the shopper would pick (kept
  // when later reads change the stock, so the shopper's variant does not jump after an add).
  const firstInStock = known && variants.find((v) => (known.get(v.sku) ?? 0) > 0)?.sku;
  if (sku === null && firstInStock) setSku(firstInStock);

  const current = variants.find((v) => v.sku === (sku ?? firstInStock)) ?? variants[0];
  if (!current) return null;
  const axes = AXES.filter((axis) => variants.some((v) => v.attributes[axis] !== undefined));
  const status = known ? stockStatus(known.get(current.sku) ?? 0, lowStockThreshold) : null;
  const label = (axis: string, value: string) => (axis === "color" && tc.has(value) ? tc(value) : value);

  /** The variant a click on `value` leads to: same other choices if that exists, else the first with it. */
  function target(axis: string, value: string): PickerVariant | undefined {
    const wanted = { ...current?.attributes, [axis]: value };
    return (
      variants.find((v) => axes.every((a) => v.attributes[a] === wanted[a])) ??
      variants.find((v) => v.attributes[axis] === value)
    );
  }

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
              {t(`axis.${axis}`)}:{" "}
              <span className="font-normal">{label(axis, current.attributes[axis] ?? "")}</span>
            </legend>
            <div className="flex flex-wrap gap-2">
              {values.map((value) => {
                const next = target(axis, value);
                const isSelected = current.attributes[axis] === value;
                const anyInStock =
                  !known || variants.some((v) => v.attributes[axis] === value && (known.get(v.sku) ?? 0) > 0);
                return (
                  <a
                    key={value}
                    href={`?sku=${encodeURIComponent(next?.sku ?? "")}`}
                    aria-current={isSelected ? "true" : undefined}
                    onClick={(event) => {
                      if (!next) return;
                      event.preventDefault();
                      setSku(next.sku);
                      window.history.replaceState(null, "", `?sku=${encodeURIComponent(next.sku)}`);
                    }}
                    className={`min-w-11 rounded-md border px-3 py-2 text-center text-sm ${
                      isSelected
                        ? "border-brand-700 bg-brand-700 text-white"
                        : "border-stone-300 bg-white text-stone-800 hover:border-brand-600"
                    } ${anyInStock ? "" : "line-through opacity-60"}`}
                  >
                    {label(axis, value)}
                  </a>
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
          status === null
            ? "text-stone-600"
            : status.kind === "soldOut"
              ? "text-red-700"
              : status.kind === "low"
                ? "text-accent-700"
                : "text-brand-700"
        }`}
      >
        {status === null
          ? ts(stock.isError ? "stockUnknown" : "stockChecking")
          : status.kind === "soldOut"
            ? t("soldOut")
            : status.kind === "low"
              ? t("lowStock", { count: status.count })
              : t("inStock")}
      </p>
      <div className="flex items-start gap-3">
        <div className="flex-1">
          <AddToCart sku={current.sku} soldOut={status?.kind === "soldOut"} />
        </div>
        <WishlistHeart sku={current.sku} className="mt-6" />
      </div>
      {status?.kind === "soldOut" && <StockAlertForm key={current.sku} slug={slug} sku={current.sku} />}
      <p className="text-xs text-stone-500">
        {t("sku")}: <span data-testid="sku">{current.sku}</span>
      </p>
    </div>
  );
}
