import { z } from "zod";
import type { Executor } from "@/db/client";
import { readSetting, saveSetting } from "@/lib/settings";

/**
 * Store settings of shipments (store_settings key `shipments`). `shipWhenPaid`: a paid order's parcel is
 * requested from the carrier at payment, without waiting for staff to confirm it (default off: staff check
 * stock and pack first). Offline orders are always requested when staff confirm them.
 */
export const shipmentSettingsSchema = z.object({ shipWhenPaid: z.boolean() });
export type ShipmentSettings = z.infer<typeof shipmentSettingsSchema>;

const KEY = "shipments";
const DEFAULTS: ShipmentSettings = { shipWhenPaid: false };

export function shipmentSettings(db: Executor): Promise<ShipmentSettings> {
  return readSetting(db, KEY, shipmentSettingsSchema, DEFAULTS);
}

export async function saveShipmentSettings(db: Executor, settings: ShipmentSettings, actor: string) {
  await saveSetting(db, KEY, settings, actor);
}
