import type { AddressSnapshot, PaymentFailureReason } from "@/db/schema";
import type { Totals } from "@/lib/pricing/engine";

/**
 * The one interface every card payment provider sits behind (Stripe, iyzico, PayTR). The order, the stock,
 * idempotency and automatic refunds are handled once, by the store (lib/payments/apply.ts and
 * lib/checkout/service.ts); a provider only talks to its own API: it opens a payment for an order, reads
 * a payment's state back, refunds, and gives up an unpaid attempt. Its notifications are verified by its
 * own route handler (app/api/webhooks/<provider>) before anything in them is read.
 */

/** In the order the store picks one when several are configured and staff chose none. */
export const CARD_PROVIDERS = ["iyzico", "paytr", "stripe"] as const;
export type CardProviderName = (typeof CARD_PROVIDERS)[number];

/** What the shopper's browser (or an app) needs to pay an attempt; returned by checkout and kept on the payment. */
export type PaymentSession =
  | { provider: "stripe"; clientSecret: string; publishableKey: string | null }
  | { provider: "iyzico"; token: string; paymentPageUrl: string; checkoutFormContent: string }
  | { provider: "paytr"; iframeToken: string; iframeUrl: string };

/** The order as it was placed, as a provider needs it to open a payment (basket, buyer, addresses). */
export interface OrderForPayment extends Totals {
  id: string;
  orderNo: string;
  userId: string | null;
  email: string;
  locale: "tr" | "en";
  currency: string;
  shippingAddress: AddressSnapshot;
  billingAddress: AddressSnapshot;
  items: {
    sku: string;
    productSlug: string;
    name: string;
    variantName: string;
    qty: number;
    unitPrice: number;
    lineTotal: number;
    discount: number;
  }[];
}

export interface PaymentStart {
  /** payments.id: the store's reference of the attempt at the provider. */
  paymentId: string;
  attempt: number;
  order: OrderForPayment;
  /** The shopper's IP address (iyzico and PayTR require it). */
  buyerIp: string;
  /** The store's policy (`max`, 1 = single payment only) and the count the shopper chose, if any. */
  installments: { max: number; chosen: number | null };
  /** Minutes the attempt may stay open (the order's payment window). */
  windowMinutes: number;
}

export interface StartedPayment {
  /** The handle the store reads the payment's state with (PaymentIntent id, Checkout Form token, merchant_oid). */
  providerPaymentId: string;
  session: PaymentSession;
}

export interface PaymentFailure {
  reason: PaymentFailureReason;
  /** The provider's own code and message, kept for staff. */
  code: string | null;
  message: string | null;
}

/** A payment's state as its provider reports it, already verified (signature or read-back). */
export type ProviderPaymentState =
  | {
      status: "succeeded";
      /** What the goods were charged at (must equal the order's total). */
      amount: number;
      /** What the card was charged, installment interest included. */
      paidAmount: number;
      currency: string;
      /** Left out when the message does not say (the count chosen at checkout then stays). */
      installments?: number;
      /** Ids needed later (refunds), card family, bank. */
      data?: Record<string, unknown>;
    }
  | { status: "failed" | "canceled"; failure: PaymentFailure }
  | { status: "processing" | "requires_action" | "pending" };

/** A payment attempt as stored, handed back to its provider. */
export interface StoredPayment {
  id: string;
  orderId: string;
  orderNo: string;
  attempt: number;
  provider: CardProviderName;
  providerPaymentId: string | null;
  amount: number;
  paidAmount: number | null;
  currency: string;
  providerData: Record<string, unknown> | null;
  /** When the payment succeeded (iyzico cancels instead of refunding on the same day). */
  paidAt: Date | null;
}

export interface RefundRequest {
  /** refunds.id: the provider's idempotency key or reference where it has one. */
  id: string;
  amount: number;
  /** Refunded from this payment before this refund. */
  refundedBefore: number;
  createdAt: Date;
}

export interface InstallmentTable {
  cardFamily: string | null;
  bank: string | null;
  /** count 1 is a single payment; totals include the interest the card's bank charges. */
  options: { count: number; installmentPrice: number; totalPrice: number }[];
}

export interface PaymentProvider {
  readonly name: CardProviderName;
  /** Whether its credentials are set. */
  configured(): boolean;
  /** Opens the payment of an attempt at the provider. Throws ProviderError when it cannot. */
  start(input: PaymentStart): Promise<StartedPayment>;
  /** Asks the provider for the payment's state now. */
  read(payment: StoredPayment): Promise<ProviderPaymentState>;
  /** Sends money back; returns the provider's id of the refund. Throws ProviderError when refused. */
  refund(payment: StoredPayment, refund: RefundRequest): Promise<string>;
  /** Makes an unpaid attempt unpayable where the provider allows it (pages that expire need nothing). */
  abandon(payment: StoredPayment): Promise<void>;
  /** The installment options of a card (first 6–8 digits) for an amount; null when none can be offered. */
  installments(query: {
    bin: string;
    amount: number;
    currency: string;
    locale: "tr" | "en";
  }): Promise<InstallmentTable | null>;
}
