import type { FeeKind } from "@/db/schema";

export interface FeeRule {
  kind: FeeKind;
  amount: number;
  minOrder: number | null;
  freeAbove: number | null;
  active: boolean;
}

function wanted(kind: FeeKind, context: { paymentMethod: string | null; giftWrap: boolean }): boolean {
  switch (kind) {
    case "cash_on_delivery":
      return context.paymentMethod === "cash_on_delivery";
    case "gift_wrap":
      return context.giftWrap;
    default:
      return false;
  }
}

/**
 * Fees that apply, in the order of the rules: cash_on_delivery when paymentMethod === "cash_on_delivery",
 * gift_wrap when giftWrap; each only if active, orderValue >= minOrder (when set) and
 * orderValue < freeAbove (when set). Throws a RangeError on negative or non-integer amounts.
 */
export function applicableFees(
  rules: FeeRule[],
  context: { paymentMethod: string | null; giftWrap: boolean; orderValue: number },
): { kind: FeeKind; amount: number }[] {
  if (!Number.isSafeInteger(context.orderValue))
    throw new RangeError(`orderValue must be an integer, got ${context.orderValue}`);
  const fees: { kind: FeeKind; amount: number }[] = [];
  for (const rule of rules) {
    for (const [name, value] of [
      ["amount", rule.amount],
      ["minOrder", rule.minOrder],
      ["freeAbove", rule.freeAbove],
    ] as const) {
      if (value !== null && (!Number.isSafeInteger(value) || value < 0))
        throw new RangeError(`Fee rule ${rule.kind}: ${name} must be a non-negative integer, got ${value}`);
    }
    if (!rule.active || !wanted(rule.kind, context)) continue;
    if (rule.minOrder !== null && context.orderValue < rule.minOrder) continue;
    if (rule.freeAbove !== null && context.orderValue >= rule.freeAbove) continue;
    fees.push({ kind: rule.kind, amount: rule.amount });
  }
  return fees;
}
