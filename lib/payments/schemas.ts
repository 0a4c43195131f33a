import { z } from "zod";

/** `POST /api/payments/confirm`: the order whose card payment the shopper has just finished. */
export const paymentConfirmSchema = z.object({ orderNo: z.string().trim().max(40) });
