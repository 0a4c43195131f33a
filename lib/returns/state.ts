import type { ReturnStatus } from "@/db/schema";

/** The return state machine of the contract: requested → approved | rejected; approved → received → refunded. */
const NEXT: Record<ReturnStatus, readonly ReturnStatus[]> = {
  requested: ["approved", "rejected"],
  approved: ["received"],
  received: ["refunded"],
  rejected: [],
  refunded: [],
};

export function canMoveReturn(from: ReturnStatus, to: ReturnStatus): boolean {
  return NEXT[from].includes(to);
}

export function nextReturnSteps(from: ReturnStatus): readonly ReturnStatus[] {
  return NEXT[from];
}
