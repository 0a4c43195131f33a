/** How a variant's availability is worded to a shopper. */
export type StockStatus = { kind: "soldOut" } | { kind: "low"; count: number } | { kind: "inStock" };

export function stockStatus(available: number, lowThreshold: number): StockStatus {
  if (available <= 0) return { kind: "soldOut" };
  if (available <= lowThreshold) return { kind: "low", count: available };
  return { kind: "inStock" };
}
