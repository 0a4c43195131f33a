import { decide } from "@/lib/auth/policy";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http";
import { getStorage, mediaUrl } from "@/lib/storage";
import { mediaAudience } from "@/lib/storage/references";

/** How long a shared cache may keep each kind of file (lib/storage/references.ts `mediaAudience`). */
const CACHE = {
  // Keys are content-addressed, so an answer never changes: cached for a year as immutable.
  public: "public, max-age=31536000, immutable",
  // An approved review's photo: a later rejection hides it from shared caches within the hour.
  review: "public, max-age=3600",
  // Photos of reviews waiting or rejected: staff only, never kept.
  staff: "private, no-store",
} as const;

/**
 * Uploaded files (product images, review photos) by their storage key. Anything that is not one
 * well-formed key is 404, and so is a photo of a review not approved unless staff ask.
 */
export const GET = route<{ key: string[] }>(async (_request, { params }) => {
  const key = params.key.length === 1 ? (params.key[0] ?? "") : null;
  const file = key === null ? null : await getStorage().read(key);
  if (!file || key === null) throw new AppError("NOT_FOUND");
  const audience = await mediaAudience(getDb(), mediaUrl(key));
  if (audience === "staff" && decide(await getCurrentUser(), "staff") !== "ok") {
    throw new AppError("NOT_FOUND");
  }
  return new Response(Buffer.from(file.bytes), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.bytes.byteLength),
      "Cache-Control": CACHE[audience],
      "X-Content-Type-Options": "nosniff",
    },
  });
});
