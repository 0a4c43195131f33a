import { z } from "zod";
import { ORDER_STATUSES } from "@/db/schema";
import { ibanSchema, money, rule, skuSchema, uniqueSkus } from "@/lib/fields";
import { dropEmpty, pageQuery, searchText, sortQuery } from "@/lib/lists";

/** Input of the staff side of orders: the list, transitions, refunds (admin API and staff pages). */

export const orderListQuerySchema = z.preprocess(
  dropEmpty,
  z.object({
    status: z.enum(ORDER_STATUSES).optional(),
    q: searchText,
    sort: sortQuery(["orderNo", "placedAt", "status", "total"], "-placedAt"),
    ...pageQuery,
  }),
);
export type OrderListQuery = z.output<typeof orderListQuerySchema>;

export const orderNoSchema = z.string().trim().min(1).max(40);

/** `GET /api/orders/track/{orderNo}?email=`: the order's email proves the shopper may see it. */
export const trackQuerySchema = z.object({ email: z.string().trim().toLowerCase().max(254) });

/** Moves staff may make with POST …/transitions; money moves go through …/refunds. */
export const STAFF_TARGETS = ["processing", "shipped", "delivered", "cancelled"] as const;
export type StaffTarget = (typeof STAFF_TARGETS)[number];

export const transitionSchema = z
  .object({
    to: z.enum(ORDER_STATUSES),
    note: z.string().trim().max(500).optional(),
    carrier: z.string().trim().min(1).max(60).optional(),
    trackingNo: z
      .string()
      .trim()
      .min(3)
      .max(60)
      .refine((value) => /^[A-Za-z0-9][A-Za-z0-9 ._/-]*$/.test(value), rule("trackingNo"))
      .optional(),
  })
  .superRefine((input, context) => {
    if (input.to !== "shipped") return;
    if (!input.carrier) context.addIssue({ code: "custom", path: ["carrier"], ...rule("requiredToShip") });
    if (!input.trackingNo) {
      context.addIssue({ code: "custom", path: ["trackingNo"], ...rule("requiredToShip") });
    }
  });
export type TransitionInput = z.output<typeof transitionSchema>;

export const refundSchema = z
  .object({
    /** Minor units; may be left out when `items` are given (then their share of what was paid). */
    amount: money.min(1).optional(),
    items: z
      .array(
        z.object({
          sku: skuSchema,
          qty: z.number().int().min(1).max(100_000),
          restock: z.boolean().default(false),
        }),
      )
      .min(1)
      .max(100)
      .superRefine(uniqueSkus)
      .optional(),
    reason: z.string().trim().min(1).max(500),
    /** Cash on delivery and bank transfer: the buyer's IBAN the money is to be sent to (ignored for cards). */
    iban: ibanSchema.optional(),
  })
  .refine((input) => input.amount !== undefined || input.items !== undefined, {
    path: ["amount"],
    ...rule("amountOrItems"),
  });
export type RefundInput = z.output<typeof refundSchema>;
