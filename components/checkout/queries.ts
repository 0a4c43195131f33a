"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/data/fetch";
import type { Preview, PreviewInput } from "@/lib/checkout/preview";
import type { PreContract, PreContractInput } from "@/lib/legal/contracts";

export const checkoutKeys = {
  all: ["checkout"] as const,
  preview: (input: PreviewInput) => ["checkout", "preview", input] as const,
  legal: (input: PreContractInput) => ["checkout", "legal", input] as const,
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

/** The pre-information form and the contract for the cart and what the shopper has typed so far. */
export function usePreContract(input: PreContractInput, initial: PreContract) {
  return useQuery({
    queryKey: checkoutKeys.legal(input),
    queryFn: () => fetchJson<PreContract>(`/api/legal/pre-contract?${new URLSearchParams({ ...input })}`),
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
