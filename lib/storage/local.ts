import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { IMAGE_TYPES, type ImageType, mediaUrl, typeOfExtension } from "./media";
import type { Storage, StoredFile } from "./storage";

/** A key is `<64 hex>.<known extension>` and nothing else, so it can never name a path outside the folder. */
const KEY = /^([0-9a-f]{64})\.([a-z0-9]{2,5})$/;

/**
 * Files in one folder on the server's disk, named by the SHA-256 of their bytes. Kept outside public/:
 * `next start` only serves what public/ held at build time, so uploads are served by app/media instead.
 */
export class LocalDiskStorage implements Storage {
  constructor(readonly directory: string) {}

  /** The folder is only known at run time: `turbopackIgnore` keeps the build from tracing the whole project. */
  private pathOf(name: string): string {
    return path.join(/* turbopackIgnore: true */ this.directory, name);
  }

  async put(bytes: Uint8Array, contentType: string): Promise<StoredFile> {
    const extension = IMAGE_TYPES[contentType as ImageType];
    if (!extension) throw new Error(`unsupported content type ${contentType}`);
    const key = `${createHash("sha256").update(bytes).digest("hex")}.${extension}`;
    await mkdir(this.directory, { recursive: true });
    // Written beside and renamed into place, so a reader never sees half a file.
    const temporary = this.pathOf(`.${key}.${randomBytes(6).toString("hex")}.tmp`);
    await writeFile(temporary, bytes);
    await rename(temporary, this.pathOf(key));
    return { key, url: mediaUrl(key) };
  }

  async read(key: string): Promise<{ bytes: Uint8Array; contentType: string } | null> {
    const match = KEY.exec(key);
    const contentType = match ? typeOfExtension(match[2] ?? "") : null;
    if (!contentType) return null;
    try {
      return { bytes: await readFile(this.pathOf(key)), contentType };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    if (!KEY.test(key)) return;
    await rm(this.pathOf(key), { force: true });
  }
}
