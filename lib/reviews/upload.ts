import type { Locale } from "@/lib/i18n/locale";
import { MAX_IMAGE_BYTES } from "@/lib/storage/check";
import { validate } from "@/lib/validation";
import { MAX_REVIEW_PHOTOS, type ReviewInput, reviewInputSchema } from "./schemas";

/** A review posted with its photos: room for each photo at its largest, and the text fields. */
export const MAX_REVIEW_POST_BYTES = MAX_REVIEW_PHOTOS * MAX_IMAGE_BYTES + 64 * 1024;

/**
 * The bytes of a form's `photos`. A browser's file box left empty still sends one nameless, empty file:
 * that one is no photo. Anything else, text included, is judged as a photo (and refused if it is none).
 */
export async function photosOf(form: FormData): Promise<Uint8Array[]> {
  const parts = form
    .getAll("photos")
    .filter((part) => typeof part === "string" || part.size > 0 || part.name !== "");
  return Promise.all(
    parts.map(async (part) =>
      typeof part === "string" ? new TextEncoder().encode(part) : new Uint8Array(await part.arrayBuffer()),
    ),
  );
}

/** `POST /api/products/{slug}/reviews` as multipart/form-data: the JSON body's fields, and the photos. */
export async function reviewPost(
  form: FormData,
  locale: Locale,
): Promise<{ input: ReviewInput; photos: Uint8Array[] }> {
  const fields = Object.fromEntries(
    ["rating", "title", "body"].map((name) => [name, form.get(name) ?? undefined]),
  );
  return { input: validate(reviewInputSchema, fields, locale), photos: await photosOf(form) };
}
