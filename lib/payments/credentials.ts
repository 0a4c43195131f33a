import { env } from "@/lib/env";

/**
 * Whether each card provider's credentials are set (the environment variables of docs/API.md, "Card
 * payments in Turkey"). Kept apart from the providers so the proxy can ask without loading their clients.
 */
export const CONFIGURED = {
  stripe: () => Boolean(env().STRIPE_SECRET_KEY && env().STRIPE_WEBHOOK_SECRET),
  iyzico: () => Boolean(env().IYZICO_API_KEY && env().IYZICO_SECRET_KEY),
  paytr: () => Boolean(env().PAYTR_MERCHANT_ID && env().PAYTR_MERCHANT_KEY && env().PAYTR_MERCHANT_SALT),
};
