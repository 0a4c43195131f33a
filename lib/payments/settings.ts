import { z } from "zod";
import type { Database, Transaction } from "@/db/client";
import { readSetting, saveSetting } from "@/lib/settings";
import { iyzicoProvider } from "./iyzico";
import { paytrProvider } from "./paytr";
import { CARD_PROVIDERS, type CardProviderName, type PaymentProvider } from "./provider";
import { stripeProvider } from "./stripe";

const PROVIDERS: Record<CardProviderName, PaymentProvider> = {
  iyzico: iyzicoProvider,
  paytr: paytrProvider,
  stripe: stripeProvider,
};

export function providerNamed(name: string): PaymentProvider | null {
  return (CARD_PROVIDERS as readonly string[]).includes(name) ? PROVIDERS[name as CardProviderName] : null;
}

/** The providers whose credentials are set, in the store's order of preference. */
export function configuredProviders(): PaymentProvider[] {
  return CARD_PROVIDERS.map((name) => PROVIDERS[name]).filter((provider) => provider.configured());
}

/** Installment counts staff can allow at most (1 = single payment only). */
export const MAX_INSTALLMENT_CHOICES = [1, 2, 3, 6, 9, 12] as const;

export const paymentSettingsSchema = z.object({
  /** Which configured provider takes cards; null leaves the choice to the store (the first configured). */
  cardProvider: z.enum(CARD_PROVIDERS).nullable(),
  maxInstallments: z.coerce
    .number()
    .int()
    .refine((n) => (MAX_INSTALLMENT_CHOICES as readonly number[]).includes(n)),
});
export type PaymentSettings = z.infer<typeof paymentSettingsSchema>;

const KEY = "payments";
const DEFAULTS: PaymentSettings = { cardProvider: null, maxInstallments: 12 };

export function paymentSettings(db: Database | Transaction): Promise<PaymentSettings> {
  return readSetting(db, KEY, paymentSettingsSchema, DEFAULTS);
}

export async function savePaymentSettings(db: Database, settings: PaymentSettings, actor: string) {
  await saveSetting(db, KEY, settings, actor);
}

/**
 * The provider that takes `paymentMethod: "card"`: the one staff chose if its credentials are still set,
 * else the first configured (so a store with exactly one configured uses it without a choice); null when
 * none is configured and cards are not offered.
 */
export async function cardProvider(db: Database | Transaction): Promise<PaymentProvider | null> {
  const configured = configuredProviders();
  if (configured.length === 0) return null;
  const { cardProvider: chosen } = await paymentSettings(db);
  return configured.find((provider) => provider.name === chosen) ?? configured[0] ?? null;
}
