import { sql } from "drizzle-orm";
import { z } from "zod";
import { type Executor, rows } from "@/db/client";

/**
 * Store settings of shipments (store_settings key `shipments`). `shipWhenPaid`: a paid order's parcel is
 * requested from the carrier at payment, without waiting for staff to confirm it (default off: staff check
 * stock and pack first). Offline orders are always requested when staff confirm them.
 */
export const shipmentSettingsSchema = z.object({ shipWhenPaid: z.boolean() });
export type ShipmentSettings = z.infer<typeof shipmentSettingsSchema>;

const KEY = "shipments";
const DEFAULTS: ShipmentSettings = { shipWhenPaid: false };

export async function shipmentSettings(db: Executor): Promise<ShipmentSettings> {
  const [row] = await rows<{ value: unknown }>(db, sql`select value from store_settings where key = ${KEY}`);
  const stored = shipmentSettingsSchema.safeParse({ ...DEFAULTS, ...(row?.value as object | undefined) });
  return stored.success ? stored.data : DEFAULTS;
}

export async function saveShipmentSettings(db: Executor, settings: ShipmentSettings, actor: string) {
  await db.execute(sql`insert into store_settings (key, value, updated_by, updated_at)
    values (${KEY}, ${JSON.stringify(settings)}::jsonb, ${actor}, now())
    on conflict (key) do update set value = excluded.value, updated_by = excluded.updated_by,
      updated_at = excluded.updated_at`);
}
