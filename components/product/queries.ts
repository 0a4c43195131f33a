"use client";

import { useQueryAfterPaint } from "@/components/data/after-paint";
import { fetchJson } from "@/components/data/fetch";

export const stockKeys = {
  all: ["catalog", "stock"] as const,
  product: (slug: string) => ["catalog", "stock", slug] as const,
};

/** Units available by SKU, read live: the product page around it is cached. */
export function useStock(slug: string) {
  return useQueryAfterPaint(stockKeys.product(slug), async () => {
    const body = await fetchJson<{ variants: { sku: string; available: number }[] }>(
      `/api/products/${encodeURIComponent(slug)}/stock`,
    );
    return new Map(body.variants.map((v) => [v.sku, v.available]));
  });
}
