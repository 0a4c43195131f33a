import { sql } from "drizzle-orm";
import type { z } from "zod";
import { type Executor, rows } from "@/db/client";

/**
 * One group of store settings (a `store_settings` row, read through the capability that owns its key):
 * what is stored over the defaults, or the defaults when the stored value no longer fits the schema.
 */
export async function readSetting<T extends object>(
  db: Executor,
  key: string,
  schema: z.ZodType<T>,
  defaults: T,
): Promise<T> {
  const [row] = await rows<{ value: unknown }>(db, sql`select value from store_settings where key = ${key}`);
  const stored = schema.safeParse({ ...defaults, ...(row?.value as object | undefined) });
  return stored.success ? stored.data : defaults;
}

export async function saveSetting(db: Executor, key: string, value: object, actor: string): Promise<void> {
  await db.execute(sql`insert into store_settings (key, value, updated_by, updated_at)
    values (${key}, ${JSON.stringify(value)}::jsonb, ${actor}, now())
    on conflict (key) do update set value = excluded.value, updated_by = excluded.updated_by,
      updated_at = excluded.updated_at`);
}
