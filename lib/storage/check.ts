import { AppError, fieldCode } from "@/lib/errors";
import { type ImageType, imageSize, sniffImageType } from "./media";

/** What every uploaded image (a product's, a review's photo) must be, whoever sends it. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** Wider or taller is refused: a small file could otherwise declare a huge canvas to decode. */
export const MAX_IMAGE_SIDE = 10_000;

export interface CheckedImage {
  bytes: Uint8Array;
  type: ImageType;
  width: number;
  height: number;
}

/**
 * An upload's bytes judged on their own (never by a file name or the browser's claimed type): JPEG, PNG,
 * WebP or AVIF whose header gives its size, at most 5 MB and 10 000 px a side. A refusal names `field`
 * with a forms.image message: 413 PAYLOAD_TOO_LARGE when too big, else 400 VALIDATION_FAILED.
 */
export function checkImage(bytes: Uint8Array, field: string): CheckedImage {
  const refused = (
    code: "VALIDATION_FAILED" | "PAYLOAD_TOO_LARGE",
    key: string,
    values?: Record<string, number>,
  ) =>
    new AppError(code, {
      ...(code === "PAYLOAD_TOO_LARGE" ? { maxBytes: MAX_IMAGE_BYTES } : {}),
      fields: { [field]: fieldCode(`forms.image.${key}`, values) },
    });
  if (bytes.byteLength === 0) throw refused("VALIDATION_FAILED", "noFile");
  if (bytes.byteLength > MAX_IMAGE_BYTES) {
    throw refused("PAYLOAD_TOO_LARGE", "tooBig", { mb: MAX_IMAGE_BYTES / 1024 / 1024 });
  }
  const type = sniffImageType(bytes);
  const size = type && imageSize(bytes, type);
  if (!type || !size) throw refused("VALIDATION_FAILED", "notAnImage");
  if (size.width > MAX_IMAGE_SIDE || size.height > MAX_IMAGE_SIDE) {
    throw refused("VALIDATION_FAILED", "tooManyPixels", { max: MAX_IMAGE_SIDE });
  }
  return { bytes, type, ...size };
}
