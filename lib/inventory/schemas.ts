import { z } from "zod";
import { MAX_STOCK } from "@/lib/fields";
import { dropEmpty, pageQuery, searchText, sortQuery } from "@/lib/lists";

/** Input of staff stock changes and the stock list (admin API and staff pages). */

export const inventoryListQuerySchema = z.preprocess(
  dropEmpty,
  z.object({
    q: searchText,
    low: z.enum(["true", "false"]).optional(),
    sort: sortQuery(["sku", "onHand", "reserved", "available"], "sku"),
    ...pageQuery,
  }),
);
export type InventoryListQuery = z.output<typeof inventoryListQuerySchema>;

export const setStockSchema = z.object({
  onHand: z.number().int().min(0).max(MAX_STOCK),
  /** Why (a stock count, a delivery, damage…): kept in the stock ledger with the staff member's name. */
  reason: z.string().trim().max(200).optional(),
});
export type SetStockInput = z.output<typeof setStockSchema>;
