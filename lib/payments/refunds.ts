import { sql } from "drizzle-orm";
import { type Database, rows } from "@/db/client";
import { paymentById } from "./records";
import { providerNamed } from "./settings";

/**
 * Sends a recorded refund to the provider that took the payment and stores the provider's id. Sends of
 * one refund queue behind each other (a lock for the refund held during the call), and a refund that has
 * a provider id is never sent again: however often this runs (a retry after a timeout, the same request
 * with the same Idempotency-Key, the retry button), the money goes back once. Stripe adds its own
 * idempotency key; PayTR is asked whether it already has the refund. Returns the provider's refund id, or
 * null for an order paid offline (the refund is only recorded: the money goes back outside the store).
 */
export async function sendRefund(db: Database, refundId: string): Promise<string | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`refund:${refundId}`}))`);
    const [row] = await rows<{
      amount: string;
      provider_refund_id: string | null;
      created_at: Date | string;
      payment_id: string | null;
      refunded_before: string;
    }>(
      tx,
      sql`select r.amount, r.provider_refund_id, r.created_at, r.payment_id,
        (select coalesce(sum(e.amount), 0) from refunds e where e.payment_id = r.payment_id and e.id <> r.id
          and e.provider_refund_id is not null) as refunded_before
      from refunds r where r.id = ${refundId}`,
    );
    if (!row) throw new Error(`refund ${refundId} not found`);
    if (row.provider_refund_id) return row.provider_refund_id;
    const payment = row.payment_id ? await paymentById(tx, row.payment_id) : null;
    if (!payment) return null;
    const provider = providerNamed(payment.provider);
    if (!provider) throw new Error(`refund ${refundId}: unknown provider ${payment.provider}`);
    const made = await provider.refund(payment, {
      id: refundId,
      amount: Number(row.amount),
      refundedBefore: Number(row.refunded_before),
      createdAt: new Date(row.created_at),
    });
    await tx.execute(sql`update refunds set provider_refund_id = ${made} where id = ${refundId}`);
    return made;
  });
}
