import { z } from "zod";
import { RETURN_REASONS, RETURN_STATUSES } from "@/db/schema";
import { ibanSchema, skuSchema, uniqueSkus } from "@/lib/fields";
import { dropEmpty, pageQuery, searchText, sortQuery } from "@/lib/lists";

/** Input of returns: the buyer's request, the staff's moves and list, the return window setting. */

const note = z.string().trim().max(500);

export const returnRequestSchema = z.object({
  lines: z
    .array(
      z.object({
        sku: skuSchema,
        qty: z.number().int().min(1).max(1000),
        reason: z.enum(RETURN_REASONS),
      }),
    )
    .min(1)
    .max(100)
    .superRefine(uniqueSkus),
  note: note.optional(),
  /** Cash on delivery and bank transfer orders: where the money goes back (staff may enter it later). */
  iban: ibanSchema.optional(),
  /** A guest without the order's cookie: the order's email, as tracking asks. */
  email: z.string().trim().toLowerCase().max(254).optional(),
});
export type ReturnRequest = z.output<typeof returnRequestSchema>;

/** The moves staff make; `requested` is only the buyer's. */
export const RETURN_TARGETS = ["approved", "rejected", "received", "refunded"] as const;
export type ReturnTarget = (typeof RETURN_TARGETS)[number];

export const returnTransitionSchema = z.object({
  to: z.enum(RETURN_TARGETS),
  /** `received`: what arrived of each line and whether it goes back on the shelf (default: all, restocked). */
  lines: z
    .array(
      z.object({
        sku: skuSchema,
        qty: z.number().int().min(0).max(1000),
        restock: z.boolean().default(true),
      }),
    )
    .min(1)
    .max(100)
    .superRefine(uniqueSkus)
    .optional(),
  note: note.optional(),
  /** `refunded` of an offline order: the buyer's IBAN when the request did not carry one. */
  iban: ibanSchema.optional(),
});
export type ReturnTransition = z.output<typeof returnTransitionSchema>;

export const returnListQuerySchema = z.preprocess(
  dropEmpty,
  z.object({
    status: z.enum(RETURN_STATUSES).optional(),
    q: searchText,
    sort: sortQuery(["returnNo", "createdAt", "status"], "-createdAt"),
    ...pageQuery,
  }),
);
export type ReturnListQuery = z.output<typeof returnListQuerySchema>;

/** At least the 14 days of the legal withdrawal right (cayma hakkı). */
export const returnSettingsSchema = z.object({ windowDays: z.number().int().min(14).max(365) });
export type ReturnSettings = z.infer<typeof returnSettingsSchema>;
