import { z } from "zod";
import type { Database } from "@/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { hit } from "@/lib/rate-limit";
import type { InstallmentTable } from "./provider";
import { cardProvider, paymentSettings } from "./settings";

export const installmentQuerySchema = z.object({
  /** The card's first 6–8 digits. */
  bin: z.string().regex(/^\d{6,8}$/, "6–8 digits"),
  amount: z.coerce.number().int().min(1).max(99_999_999),
});
export type InstallmentQuery = z.infer<typeof installmentQuerySchema>;

/** Each lookup is a call to the provider: a visitor may ask this often (a shopper types a few cards). */
const LOOKUPS = { limit: 30, windowSeconds: 60 };

/**
 * `GET /api/payments/installments`: the installment options of the store's card provider for a card and an
 * amount, within the store's policy (single payment always, up to the largest count staff allow). 422
 * INSTALLMENTS_UNAVAILABLE when cards are not offered, the provider has no installments (Stripe), or it
 * knows nothing of the card.
 */
export async function installmentOptions(
  db: Database,
  query: InstallmentQuery & { locale: "tr" | "en"; visitor: string },
  now = new Date(),
): Promise<InstallmentTable & { provider: string }> {
  const provider = await cardProvider(db);
  if (!provider) throw new AppError("INSTALLMENTS_UNAVAILABLE");
  await hit(db, "installments", query.visitor, LOOKUPS, now);
  const { maxInstallments } = await paymentSettings(db);
  const table = await provider.installments({
    bin: query.bin,
    amount: query.amount,
    currency: env().STORE_CURRENCY,
    locale: query.locale,
  });
  if (!table) throw new AppError("INSTALLMENTS_UNAVAILABLE", { bin: query.bin });
  const options = table.options.filter((option) => option.count === 1 || option.count <= maxInstallments);
  return { provider: provider.name, cardFamily: table.cardFamily, bank: table.bank, options };
}
