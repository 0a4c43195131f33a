import { z } from "zod";
import { PAYMENT_METHODS } from "@/db/schema";
import { addressSchema, emailSchema } from "@/lib/accounts/schemas";
import { checkbox } from "@/lib/forms/fields";
import { invoiceBuyerSchema } from "@/lib/invoices/schemas";
import { shippingMethodSchema } from "@/lib/shipping/schemas";

/** The body of POST /api/checkout (and the checkout page's form). */
export const checkoutSchema = z.object({
  email: emailSchema,
  shippingAddress: addressSchema,
  /** Defaults to the shipping address. */
  billingAddress: addressSchema.optional(),
  shippingMethod: shippingMethodSchema,
  paymentMethod: z.enum(PAYMENT_METHODS),
  /** What the shopper saw; a different server total answers 409 PRICE_CHANGED. */
  expectedTotal: z.number().int().min(0).optional(),
  /** Card payments: the installment count chosen from GET /api/payments/installments (1 = single payment). */
  installments: z.number().int().min(1).max(12).optional(),
  /** Who the invoice is made out to; an individual with the billing name when left out. */
  invoice: invoiceBuyerSchema.optional(),
  /**
   * The shopper accepted the pre-information form and the distance sales contract (GET
   * /api/legal/pre-contract); anything but `true` is refused with 422 TERMS_NOT_ACCEPTED.
   */
  acceptedTerms: z.boolean().optional(),
});

export type CheckoutInput = z.output<typeof checkoutSchema>;

/** 8–255 visible ASCII characters, as the contract says. */
export const idempotencyKeySchema = z
  .string()
  .min(8)
  .max(255)
  .regex(/^[\x21-\x7e]+$/);

/**
 * The checkout page's form: the API's body with its addresses under `shipping.` and `billing.` (the
 * billing inputs are only there when "billing is the shipping address" is unticked) and the
 * Idempotency-Key fixed when the page was rendered.
 */
export const checkoutFormSchema = z
  .object({
    idempotencyKey: idempotencyKeySchema,
    email: emailSchema,
    shipping: addressSchema,
    billingSame: z.boolean().optional(),
    billing: addressSchema.optional(),
    shippingMethod: shippingMethodSchema,
    paymentMethod: z.enum(PAYMENT_METHODS),
    expectedTotal: checkoutSchema.shape.expectedTotal,
    installments: checkoutSchema.shape.installments,
    invoice: checkoutSchema.shape.invoice,
    acceptedTerms: checkbox,
  })
  .transform(({ idempotencyKey, shipping, billing, billingSame, ...rest }) => ({
    key: idempotencyKey,
    checkout: { ...rest, shippingAddress: shipping, billingAddress: billingSame ? undefined : billing },
  }));

/** The form's input for a path of the API's body (`shippingAddress.city` → `shipping.city`). */
export const checkoutFormField = (path: string) => path.replace(/^(shipping|billing)Address\b/, "$1");
