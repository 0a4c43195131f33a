import { isIP } from "node:net";
import { sql } from "drizzle-orm";
import { type Database, rows } from "@/db/client";
import { env } from "@/lib/env";
import type { PaymentSession } from "./provider";
import { orderForPayment } from "./records";
import { paymentSettings, providerNamed } from "./settings";

/**
 * Opens an attempt's payment at its provider, once: the provider's answer is stored on the attempt before
 * it is returned, and an attempt that has one returns it again (a retried checkout, a reloaded order page).
 * Stripe's create carries an idempotency key of the order and attempt; iyzico and PayTR get the attempt's
 * own reference, so a second open after a lost answer names the same payment. Throws when the provider
 * cannot be reached or refuses.
 */
export async function openPaymentSession(
  db: Database,
  input: { orderId: string; attempt: number; buyerIp: string; installments: number | null },
  now = new Date(),
): Promise<PaymentSession> {
  const [payment] = await rows<{ id: string; provider: string; session: PaymentSession | null }>(
    db,
    sql`select id, provider, session from payments where order_id = ${input.orderId} and attempt = ${input.attempt}`,
  );
  if (!payment) throw new Error(`no payment attempt ${input.attempt} for order ${input.orderId}`);
  if (payment.session) return payment.session;
  const provider = providerNamed(payment.provider);
  if (!provider) throw new Error(`payment ${payment.id} has no card provider`);
  const { maxInstallments } = await paymentSettings(db);
  const started = await provider.start({
    paymentId: payment.id,
    attempt: input.attempt,
    order: await orderForPayment(db, input.orderId),
    // Both Turkish providers require an address; a request without one (no proxy header) sends loopback.
    buyerIp: isIP(input.buyerIp) ? input.buyerIp : "127.0.0.1",
    installments: { max: maxInstallments, chosen: input.installments },
    windowMinutes: env().PAYMENT_WINDOW_MINUTES,
  });
  await db.execute(sql`update payments set provider_payment_id = ${started.providerPaymentId},
      session = ${JSON.stringify(started.session)}::jsonb, installments = ${input.installments},
      updated_at = ${now.toISOString()}
    where id = ${payment.id}`);
  return started.session;
}
