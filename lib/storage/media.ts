/**
 * The image formats the store accepts, recognised by their first bytes (never by a file name or the
 * browser's claimed type), with the extension their storage key gets.
 */
export const IMAGE_TYPES = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/avif": "avif",
} as const;

export type ImageType = keyof typeof IMAGE_TYPES;

const EXTENSION_TYPES = Object.fromEntries(
  Object.entries(IMAGE_TYPES).map(([type, extension]) => [extension, type]),
) as Record<string, ImageType>;

/** The content type of a key's extension (`….webp` → image/webp), or null. */
export function typeOfExtension(extension: string): ImageType | null {
  return EXTENSION_TYPES[extension] ?? null;
}

const ascii = (bytes: Uint8Array, start: number, end: number) =>
  String.fromCharCode(...bytes.subarray(start, end));

/** The image type the bytes really are, or null for anything else. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (
    bytes.length >= 8 &&
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((value, index) => bytes[index] === value)
  ) {
    return "image/png";
  }
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") {
    return "image/webp";
  }
  // ISO-BMFF: a `ftyp` box whose major or one of whose compatible brands is avif (still) or avis (sequence).
  if (bytes.length >= 16 && ascii(bytes, 4, 8) === "ftyp") {
    const boxSize = Math.min(
      (bytes[0] ?? 0) * 2 ** 24 + ((bytes[1] ?? 0) << 16) + ((bytes[2] ?? 0) << 8) + (bytes[3] ?? 0),
      bytes.length,
    );
    const brands = [ascii(bytes, 8, 12)];
    for (let offset = 16; offset + 4 <= boxSize; offset += 4) brands.push(ascii(bytes, offset, offset + 4));
    if (brands.some((brand) => brand === "avif" || brand === "avis")) return "image/avif";
  }
  return null;
}

export const MEDIA_PREFIX = "/media/";

/** Where app/media/[...key]/route.ts serves a stored key. */
export const mediaUrl = (key: string) => `${MEDIA_PREFIX}${key}`;

/** The storage key of a URL this store serves, or null (e.g. the demo images in public/). */
export function keyOfUrl(url: string): string | null {
  return url.startsWith(MEDIA_PREFIX) ? url.slice(MEDIA_PREFIX.length) : null;
}

const u16be = (b: Uint8Array, at: number) => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const u16le = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, at: number) => u16le(b, at) | ((b[at + 2] ?? 0) << 16);
const u32be = (b: Uint8Array, at: number) => u16be(b, at) * 65536 + u16be(b, at + 2);

/** JPEG: the first start-of-frame segment (SOF0–SOF15 but DHT, JPG and DAC, which share the range). */
function jpegSize(bytes: Uint8Array): { width: number; height: number } | null {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) {
      offset += 2;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { width: u16be(bytes, offset + 7), height: u16be(bytes, offset + 5) };
    }
    offset += 2 + u16be(bytes, offset + 2);
  }
  return null;
}

/** WebP: the first chunk is lossy (VP8), lossless (VP8L) or extended (VP8X), each with its own layout. */
function webpSize(bytes: Uint8Array): { width: number; height: number } | null {
  const chunk = ascii(bytes, 12, 16);
  if (chunk === "VP8 " && bytes.length >= 30) {
    return { width: u16le(bytes, 26) & 0x3fff, height: u16le(bytes, 28) & 0x3fff };
  }
  if (chunk === "VP8L" && bytes.length >= 25 && bytes[20] === 0x2f) {
    const bits = (u16le(bytes, 21) | (u16le(bytes, 23) << 16)) >>> 0;
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === "VP8X" && bytes.length >= 30) {
    return { width: u24le(bytes, 24) + 1, height: u24le(bytes, 27) + 1 };
  }
  return null;
}

/** AVIF: the first image spatial extents property (`ispe`: version and flags, then width and height). */
function avifSize(bytes: Uint8Array): { width: number; height: number } | null {
  const at = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf("ispe");
  if (at < 4 || at + 16 > bytes.length) return null;
  return { width: u32be(bytes, at + 8), height: u32be(bytes, at + 12) };
}

/** The pixel size the image's header declares, or null when it cannot be read (or is zero). */
export function imageSize(bytes: Uint8Array, type: ImageType): { width: number; height: number } | null {
  const size =
    type === "image/png"
      ? ascii(bytes, 12, 16) === "IHDR" && bytes.length >= 24
        ? { width: u32be(bytes, 16), height: u32be(bytes, 20) }
        : null
      : type === "image/jpeg"
        ? jpegSize(bytes)
        : type === "image/webp"
          ? webpSize(bytes)
          : avifSize(bytes);
  return size && size.width > 0 && size.height > 0 ? size : null;
}
