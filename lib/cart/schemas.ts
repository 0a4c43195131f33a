import { z } from "zod";

/** SKUs are upper-case; shoppers' and scripts' input is trimmed and upper-cased before lookup. */
export const skuSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .transform((s) => s.toUpperCase());

// Quantities are JSON integers ("2" and 1.5 are refused); above 99 on a line is QTY_LIMIT (422).
const quantity = z.number().int().max(1_000_000);

export const addItemSchema = z.object({ sku: skuSchema, qty: quantity.min(1) });
export const setQtySchema = z.object({ qty: quantity.min(0) });
export const giftWrapSchema = z.object({ giftWrap: z.boolean() });
export const itemIdSchema = z.string().regex(/^ci_[0-9a-f]{32}$/);
