import "server-only";
import { sql } from "drizzle-orm";
import { type Database, rows } from "@/db/client";
import { PRIVACY_SECTIONS } from "./sections";
import { erasedEmail } from "./service";

/**
 * How long sales records are kept: the Turkish Commercial Code (TTK art. 82) keeps books and the papers
 * behind them for 10 years, the Tax Procedure Law (VUK art. 253) for 5, both counted from the end of the
 * calendar year they were made in. So an order placed in 2026 is kept until the end of 2036.
 */
export const RETENTION_YEARS = 10;

/** The first moment (UTC) of the years still kept: orders placed before it are past retention. */
export function retentionCutoff(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear() - RETENTION_YEARS, 0, 1));
}

/**
 * The `privacy_retention` job (daily, lib/jobs/tasks.ts): orders past the retention period lose what is
 * left of their personal data (each section's `expire`, lib/privacy/sections.ts), in batches of `batch`
 * orders a transaction (SKIP LOCKED, so two runs at once never take the same orders). The orders stay,
 * anonymous, for the store's figures. Returns the number of orders anonymised.
 */
export async function expireOldOrders(db: Database, now = new Date(), batch = 200): Promise<number> {
  const cutoff = retentionCutoff(now).toISOString();
  let total = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const due = await rows<{ id: string }>(
        tx,
        sql`select id from orders where anonymised_at is null and placed_at < ${cutoff}
          order by placed_at limit ${batch} for update skip locked`,
      );
      const ids = due.map((order) => order.id);
      // One placeholder per order: nothing ties two anonymous orders together any more.
      for (const id of ids) {
        for (const section of PRIVACY_SECTIONS) await section.expire?.(tx, [id], erasedEmail(), now);
      }
      return ids.length;
    });
    total += done;
    if (done < batch) return total;
  }
}
