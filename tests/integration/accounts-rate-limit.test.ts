import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { assertNotLimited, forget, hit, pruneOld, RETENTION_SECONDS, reset } from "@/lib/rate-limit";

const key = () => `k-${randomBytes(6).toString("hex")}`;
const limit = { limit: 3, windowSeconds: 60 };

async function rows(bucket: string, k: string): Promise<number> {
  const [row] = (await getDb().execute(
    sql`select count(*)::int as n from rate_limit_events where bucket = ${bucket} and key = ${k}`,
  )) as unknown as { n: number }[];
  return row?.n ?? 0;
}

describe("rate-limit events", () => {
  it("counts within the window only, says when to retry, and refuses without recording", async () => {
    const db = getDb();
    const k = key();
    const t0 = new Date("2026-11-21T10:00:00Z");
    await hit(db, "test:window", k, limit, t0);
    await hit(db, "test:window", k, limit, new Date(t0.getTime() + 20_000));
    await hit(db, "test:window", k, limit, new Date(t0.getTime() + 40_000));
    await expect(hit(db, "test:window", k, limit, new Date(t0.getTime() + 45_000))).rejects.toMatchObject({
      code: "RATE_LIMITED",
      details: { retryAfterSeconds: 15 },
    });
    await expect(
      assertNotLimited(db, "test:window", k, limit, new Date(t0.getTime() + 45_000)),
    ).rejects.toMatchObject({ details: { retryAfterSeconds: 15 } });
    expect(await rows("test:window", k)).toBe(3);
    // At +61 s the first attempt has left the window: one more is allowed, and the stale row is pruned.
    const id = await hit(db, "test:window", k, limit, new Date(t0.getTime() + 61_000));
    expect(await rows("test:window", k)).toBe(3);
    await forget(db, [id]);
    expect(await rows("test:window", k)).toBe(2);
    await reset(db, "test:window", k);
    expect(await rows("test:window", k)).toBe(0);
  });

  it("prunes rows older than the retention period for every bucket, in bounded batches", async () => {
    const db = getDb();
    const k = key();
    const now = new Date();
    const old = new Date(now.getTime() - (RETENTION_SECONDS + 60) * 1000).toISOString();
    await db.execute(sql`insert into rate_limit_events (bucket, key, at)
      select 'test:old', ${k}, ${old}::timestamptz from generate_series(1, 5)`);
    await db.execute(
      sql`insert into rate_limit_events (bucket, key, at) values ('test:old', ${k}, ${now.toISOString()})`,
    );
    expect(await pruneOld(db, now)).toBeGreaterThanOrEqual(5);
    expect(await rows("test:old", k)).toBe(1);
  });
});
