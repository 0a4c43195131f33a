import "server-only";
import path from "node:path";
import { env } from "@/lib/env";
import { LocalDiskStorage } from "./local";
import type { Storage } from "./storage";

export { keyOfUrl, MEDIA_PREFIX, mediaUrl } from "./media";
export type { Storage, StoredFile } from "./storage";

let cached: Storage | undefined;

/** The store's storage: files under STORAGE_DIR (default `.data/uploads`, relative to the working directory). */
export function getStorage(): Storage {
  cached ??= new LocalDiskStorage(path.resolve(/* turbopackIgnore: true */ env().STORAGE_DIR));
  return cached;
}
