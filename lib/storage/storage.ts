/**
 * Where uploaded files (product images) live. Keys are content-addressed (`<sha256>.<ext>`), so a key
 * never changes meaning and its URL can be cached for good. The default keeps them on the server's disk
 * (STORAGE_DIR); another backend (S3, R2…) implements the same three calls.
 */
export interface Storage {
  /** Stores the bytes (a second put of the same bytes is harmless) and names them. */
  put(bytes: Uint8Array, contentType: string): Promise<StoredFile>;
  /** The bytes and content type of a key, or null for a key that does not exist or is not well formed. */
  read(key: string): Promise<{ bytes: Uint8Array; contentType: string } | null>;
  /** Removes a key; a missing key is not an error. */
  delete(key: string): Promise<void>;
}

export interface StoredFile {
  key: string;
  /** Path the store serves it at (app/media/[...key]/route.ts). */
  url: string;
}
