import { z } from "zod";
import { normalizeCode } from "./rules";

/** A code as typed: spaces and case do not matter; more than 64 characters is not a code at all. */
export const couponCodeSchema = z.object({
  code: z.string().trim().min(1).max(64).transform(normalizeCode),
});
