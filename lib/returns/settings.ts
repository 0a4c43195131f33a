import type { Executor } from "@/db/client";
import { readSetting, saveSetting } from "@/lib/settings";
import { type ReturnSettings, returnSettingsSchema } from "./schemas";

/**
 * Store settings of returns (store_settings key `returns`, staff change them on /admin/returns).
 * `windowDays`: how long after its delivery a unit may be returned; 14 is the legal withdrawal period
 * (cayma hakkı) of distance sales, which a store may lengthen but not shorten.
 */
const KEY = "returns";
const DEFAULTS: ReturnSettings = { windowDays: 14 };

export function returnSettings(db: Executor): Promise<ReturnSettings> {
  return readSetting(db, KEY, returnSettingsSchema, DEFAULTS);
}

export async function saveReturnSettings(db: Executor, settings: ReturnSettings, actor: string) {
  await saveSetting(db, KEY, settings, actor);
}
