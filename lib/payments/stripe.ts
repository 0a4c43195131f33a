import Stripe from "stripe";
import type { PaymentFailureReason } from "@/db/schema";
import { env } from "@/lib/env";
import { CONFIGURED } from "./credentials";
import type { PaymentProvider, ProviderPaymentState, StoredPayment } from "./provider";

let client: Stripe | undefined;

/**
 * The Stripe SDK, pointed at STRIPE_API_BASE when set (a local Stripe-compatible server in tests).
 * Requests that create or move money always carry an idempotency key, so the SDK's retries are safe.
 */
export function stripe(): Stripe {
  if (client) return client;
  const { STRIPE_SECRET_KEY, STRIPE_API_BASE } = env();
  if (!STRIPE_SECRET_KEY) throw new Error("STRIPE_SECRET_KEY is not set");
  const base = STRIPE_API_BASE ? new URL(STRIPE_API_BASE) : null;
  client = new Stripe(STRIPE_SECRET_KEY, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(base
      ? {
          host: base.hostname,
          port: Number(base.port || (base.protocol === "https:" ? 443 : 80)),
          protocol: base.protocol === "https:" ? "https" : "http",
        }
      : {}),
  });
  return client;
}

/** Stripe's decline and error codes, as the reason the shopper is told. */
const REASONS: Record<string, PaymentFailureReason> = {
  insufficient_funds: "insufficient_funds",
  expired_card: "expired_card",
  incorrect_cvc: "invalid_card",
  invalid_cvc: "invalid_card",
  incorrect_number: "invalid_card",
  invalid_number: "invalid_card",
  invalid_expiry_month: "invalid_card",
  invalid_expiry_year: "invalid_card",
  fraudulent: "fraud_suspected",
  merchant_blacklist: "fraud_suspected",
  authentication_required: "three_ds_failed",
  payment_intent_authentication_failure: "three_ds_failed",
  card_declined: "declined",
  generic_decline: "declined",
  do_not_honor: "declined",
  lost_card: "declined",
  stolen_card: "declined",
  pickup_card: "declined",
};

/** A PaymentIntent (read back, or inside a verified event) as the store's payment state. */
export function stateOfIntent(intent: Stripe.PaymentIntent): ProviderPaymentState {
  switch (intent.status) {
    case "succeeded": {
      const amount = Number(intent.amount_received || intent.amount);
      return {
        status: "succeeded",
        amount,
        paidAmount: amount,
        currency: intent.currency.toUpperCase(),
        installments: 1,
      };
    }
    case "canceled":
      return {
        status: "canceled",
        failure: { reason: "cancelled", code: intent.cancellation_reason ?? null, message: null },
      };
    case "processing":
      return { status: "processing" };
    case "requires_action":
      return { status: "requires_action" };
    default: {
      const error = intent.last_payment_error;
      if (!error) return { status: "pending" };
      const code = error.decline_code ?? error.code ?? null;
      return {
        status: "failed",
        failure: { reason: (code && REASONS[code]) || "other", code, message: error.message ?? null },
      };
    }
  }
}

/** Stripe forgets idempotency keys after 24 hours: an older refund is looked up before it is sent again. */
const KEY_LIFETIME_MS = 20 * 60 * 60 * 1000;

function intentOf(payment: StoredPayment): string {
  if (!payment.providerPaymentId) throw new Error(`payment ${payment.id} has no PaymentIntent`);
  return payment.providerPaymentId;
}

export const stripeProvider: PaymentProvider = {
  name: "stripe",

  configured: CONFIGURED.stripe,

  /** One PaymentIntent per attempt: the idempotency key comes from the order and attempt. */
  async start({ order, attempt }) {
    const intent = await stripe().paymentIntents.create(
      {
        amount: order.total,
        currency: order.currency.toLowerCase(),
        metadata: { orderNo: order.orderNo, orderId: order.id, attempt: String(attempt) },
        automatic_payment_methods: { enabled: true },
      },
      { idempotencyKey: `pi:${order.id}:${attempt}` },
    );
    if (!intent.client_secret) throw new Error("PaymentIntent without client secret");
    return {
      providerPaymentId: intent.id,
      session: {
        provider: "stripe",
        clientSecret: intent.client_secret,
        publishableKey: env().NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY ?? null,
      },
    };
  },

  async read(payment) {
    return stateOfIntent(await stripe().paymentIntents.retrieve(intentOf(payment)));
  },

  /** Idempotency key `refund:<refund id>`: however often it is sent, Stripe makes one refund. */
  async refund(payment, refund) {
    const intent = intentOf(payment);
    if (Date.now() - refund.createdAt.getTime() > KEY_LIFETIME_MS) {
      const listed = await stripe().refunds.list({ payment_intent: intent, limit: 100 });
      const made = listed.data.find((r) => r.metadata?.refundId === refund.id);
      if (made) return made.id;
    }
    const made = await stripe().refunds.create(
      {
        payment_intent: intent,
        amount: refund.amount,
        reason: "requested_by_customer",
        metadata: { orderNo: payment.orderNo, refundId: refund.id },
      },
      { idempotencyKey: `refund:${refund.id}` },
    );
    return made.id;
  },

  async abandon(payment) {
    const id = intentOf(payment);
    await stripe().paymentIntents.cancel(id, {}, { idempotencyKey: `cancel:${id}` });
  },

  /** Stripe does not offer Turkish bank installments (taksit). */
  async installments() {
    return null;
  },
};
