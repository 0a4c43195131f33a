"use client";

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useMemo, useSyncExternalStore } from "react";
import { formatMoney } from "@/lib/money";
import { ProductThumb } from "./ProductThumb";

/**
 * Recently viewed products, kept in this browser only (localStorage): what the product page showed when
 * it was viewed, newest first, each product once. Nothing is sent to the server.
 */

export interface Viewed {
  slug: string;
  name: string;
  image: string | null;
  /** The "from" price at view time, in kuruş. */
  price: number;
}

const KEY = "store:recently-viewed";
const MAX = 12;
const listeners = new Set<() => void>();

function stored(): string {
  try {
    return localStorage.getItem(KEY) ?? "[]";
  } catch {
    // Storage switched off (private mode, a strict setting): nothing is remembered.
    return "[]";
  }
}

/** What was stored, keeping only well-formed entries (the value is the browser's, anyone may edit it). */
function parse(raw: string): Viewed[] {
  try {
    const value: unknown = JSON.parse(raw);
    if (!Array.isArray(value)) return [];
    return value.filter(
      (item): item is Viewed =>
        typeof item?.slug === "string" &&
        typeof item.name === "string" &&
        (item.image === null || typeof item.image === "string") &&
        Number.isSafeInteger(item.price),
    );
  } catch {
    return [];
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

/** On the product page: puts the product first on the list. */
export function RecordView({ product }: { product: Viewed }) {
  useEffect(() => {
    const list = [product, ...parse(stored()).filter((item) => item.slug !== product.slug)].slice(0, MAX);
    try {
      localStorage.setItem(KEY, JSON.stringify(list));
    } catch {
      return;
    }
    for (const listener of listeners) listener();
  }, [product]);
  return null;
}

/**
 * The row of recently viewed products (but `exclude`, the page's own). Rendered after hydration from the
 * browser's list, so it belongs below the fold: nothing above it moves when it appears.
 */
export function RecentlyViewed({ exclude, currency }: { exclude?: string; currency: string }) {
  const t = useTranslations("recentlyViewed");
  const locale = useLocale();
  const raw = useSyncExternalStore(subscribe, stored, () => "[]");
  const items = useMemo(() => parse(raw).filter((item) => item.slug !== exclude), [raw, exclude]);
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="recently-viewed-heading" data-testid="recently-viewed" className="mt-12">
      <h2 id="recently-viewed-heading" className="mb-4 text-xl font-semibold">
        {t("title")}
      </h2>
      <ul className="flex gap-4 overflow-x-auto pb-2">
        {items.map((item) => (
          <li key={item.slug} className="w-36 shrink-0">
            <Link href={`/products/${item.slug}`} className="group flex flex-col gap-1 text-sm">
              <ProductThumb src={item.image} size="row" lazy />
              <span className="line-clamp-2 font-medium text-stone-900 group-hover:text-brand-700">
                {item.name}
              </span>
              <span className="font-semibold text-stone-900">
                {formatMoney(item.price, currency, locale)}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
