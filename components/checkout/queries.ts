"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/data/fetch";
import type { Preview, PreviewInput } from "@/lib/checkout/preview";

export const checkoutKeys = {
  all: ["checkout"] as const,
  preview: (input: PreviewInput) => ["checkout", "preview", input] as const,
  installments: (bin: string, amount: number) => ["payments", "installments", bin, amount] as const,
};

/** Shipping options and totals for what the shopper has typed; the last answer stays while the next loads. */
export function useCheckoutPreview(input: PreviewInput, initial: Preview) {
  return useQuery({
    queryKey: checkoutKeys.preview(input),
    queryFn: () => fetchJson<Preview>(`/api/checkout/preview?${new URLSearchParams(input)}`),
    // The server's figures for the first address, then the last answer, until the next one is in.
    placeholderData: (previous) => previous ?? initial,
  });
}

export interface InstallmentTable {
  options: { count: number; installmentPrice: number; totalPrice: number }[];
}

/** The card provider's installment options for a card's first six digits and the order's total. */
export function useInstallments(bin: string, amount: number) {
  return useQuery({
    queryKey: checkoutKeys.installments(bin, amount),
    queryFn: () => fetchJson<InstallmentTable>(`/api/payments/installments?bin=${bin}&amount=${amount}`),
    enabled: /^\d{6}$/.test(bin),
    staleTime: 60_000,
    retry: false,
  });
}
