import { sql } from "drizzle-orm";
import { type Database, type Executor, rows, type Transaction } from "@/db/client";
import { log } from "@/lib/log";
import { keyOfUrl } from "./media";
import type { Storage } from "./storage";

/**
 * The rows that refer to stored files: product images and review photos. Keys are content-addressed, so
 * one file may serve several rows; it is deleted only once none refers to it.
 */

/**
 * Files are stored and unlinked under one lock, so an upload of the same bytes never interleaves with the
 * deletion of their last reference.
 */
export const lockMedia = (tx: Transaction) =>
  tx.execute(sql`select pg_advisory_xact_lock(hashtext('store:media'))`);

/** Deletes the files of these URLs that no row refers to any more. Call under lockMedia, rows gone. */
export async function releaseFiles(tx: Transaction, storage: Storage, urls: string[]): Promise<void> {
  for (const url of new Set(urls)) {
    const key = keyOfUrl(url);
    if (!key) continue;
    const [found] = await rows<{ used: boolean }>(
      tx,
      sql`select exists (select 1 from product_images where url = ${url})
        or exists (select 1 from review_photos where url = ${url}) as used`,
    );
    if (!found?.used) await storage.delete(key);
  }
}

/**
 * Runs `write`, a transaction that stores files through the storage it is given (under lockMedia) and
 * the rows that refer to them. If it fails (a later file could not be stored, the database went away),
 * the files it had stored that no row refers to are deleted again: a failed upload leaves nothing behind.
 */
export async function writingFiles<T>(
  db: Database,
  storage: Storage,
  write: (storage: Storage) => Promise<T>,
): Promise<T> {
  const urls: string[] = [];
  const recording: Storage = {
    read: (key) => storage.read(key),
    delete: (key) => storage.delete(key),
    put: async (bytes, contentType) => {
      const stored = await storage.put(bytes, contentType);
      urls.push(stored.url);
      return stored;
    },
  };
  try {
    return await write(recording);
  } catch (error) {
    if (urls.length > 0) {
      await db
        .transaction(async (tx) => {
          await lockMedia(tx);
          await releaseFiles(tx, storage, urls);
        })
        // The failure the caller sees is the first one; a file left over is only space.
        .catch((cleanup: Error) =>
          log.warn(`Stored files not cleaned up after a failed write: ${cleanup.message}`),
        );
    }
    throw error;
  }
}

/**
 * Who may fetch a stored file: `review` when approved reviews' photos are its only public use (shown, but
 * a later rejection must not stay cached for long), `staff` when only photos of reviews waiting or
 * rejected use it, else `public`.
 */
export async function mediaAudience(db: Executor, url: string): Promise<"public" | "review" | "staff"> {
  const [found] = await rows<{ reviews: boolean; approved: boolean }>(
    db,
    sql`select count(*) > 0 as reviews, coalesce(bool_or(r.status = 'approved'), false) as approved
      from review_photos p join reviews r on r.id = p.review_id where p.url = ${url}`,
  );
  if (!found?.reviews) return "public";
  const [product] = await rows<{ id: number }>(
    db,
    sql`select id from product_images where url = ${url} limit 1`,
  );
  if (product) return "public";
  return found.approved ? "review" : "staff";
}
