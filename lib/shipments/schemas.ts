import { z } from "zod";
import { skuSchema, uniqueSkus } from "@/lib/fields";
import { CARRIER_NAMES } from "@/lib/shipping/carriers/carrier";

/** Input of POST /api/admin/orders/{orderNo}/shipments and the admin order page's "Kargoya ver" form. */
export const shipmentRequestSchema = z.object({
  /** Left out: every line not yet in a parcel. */
  lines: z
    .array(z.object({ sku: skuSchema, qty: z.number().int().min(1).max(100_000) }))
    .min(1)
    .max(100)
    .superRefine(uniqueSkus)
    .optional(),
  carrier: z.enum(CARRIER_NAMES).optional(),
  service: z.string().trim().min(1).max(60).optional(),
});
export type ShipmentRequest = z.output<typeof shipmentRequestSchema>;

export const shipmentIdSchema = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** A carrier name in a path: one the registry knows (an unknown one is a 404, not a 400). */
export const carrierParamSchema = z.enum(CARRIER_NAMES);
