import { AppError } from "@/lib/errors";
import { route } from "@/lib/http";
import { getStorage } from "@/lib/storage";

/**
 * Uploaded files (product images) by their storage key. Keys are content-addressed, so an answer never
 * changes: cached for a year as immutable. Anything that is not one well-formed key is 404.
 */
export const GET = route<{ key: string[] }>(async (_request, { params }) => {
  const file = params.key.length === 1 ? await getStorage().read(params.key[0] ?? "") : null;
  if (!file) throw new AppError("NOT_FOUND");
  return new Response(Buffer.from(file.bytes), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.bytes.byteLength),
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
