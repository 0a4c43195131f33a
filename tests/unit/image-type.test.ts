import { describe, expect, it } from "vitest";
import { keyOfUrl, mediaUrl, sniffImageType, typeOfExtension } from "@/lib/storage/media";

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(
    parts.flatMap((part) => (typeof part === "string" ? [...Buffer.from(part, "latin1")] : part)),
  );

/** An ISO-BMFF `ftyp` box of the given size with a major brand and compatible brands. */
const ftyp = (major: string, ...compatible: string[]) => {
  const size = 16 + 4 * compatible.length;
  return bytes([0, 0, 0, size], "ftyp", major, [0, 0, 0, 0], ...compatible, "rest of the file");
};

describe("sniffImageType: the type the bytes are, whatever the file is called", () => {
  it.each([
    ["JPEG", bytes([0xff, 0xd8, 0xff, 0xe0], "JFIF"), "image/jpeg"],
    ["PNG", bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "IHDR"), "image/png"],
    ["WebP", bytes("RIFF", [0x24, 0, 0, 0], "WEBPVP8 "), "image/webp"],
    ["AVIF (major brand)", ftyp("avif", "mif1", "miaf"), "image/avif"],
    ["AVIF sequence", ftyp("avis", "msf1"), "image/avif"],
    ["AVIF (compatible brand)", ftyp("mif1", "miaf", "avif"), "image/avif"],
  ])("%s", (_name, input, expected) => {
    expect(sniffImageType(input)).toBe(expected);
  });

  it.each([
    ["GIF", bytes("GIF89a")],
    ["SVG", bytes("<svg xmlns='http://www.w3.org/2000/svg'/>")],
    ["HEIC (another ISO-BMFF brand)", ftyp("heic", "mif1", "heic")],
    ["MP4", ftyp("isom", "iso2", "mp41")],
    ["a RIFF that is not WebP (WAV)", bytes("RIFF", [0x24, 0, 0, 0], "WAVEfmt ")],
    ["a truncated PNG signature", bytes([0x89, 0x50, 0x4e, 0x47])],
    ["nothing", bytes()],
  ])("%s is not an accepted image", (_name, input) => {
    expect(sniffImageType(input)).toBeNull();
  });

  it("an `avif` brand beyond the ftyp box does not count", () => {
    const box = ftyp("mif1", "miaf");
    const later = bytes([...box], "avif");
    expect(sniffImageType(later)).toBeNull();
  });
});

describe("media URLs", () => {
  it("map keys to /media URLs and back; other URLs have no key", () => {
    const key = `${"a".repeat(64)}.webp`;
    expect(keyOfUrl(mediaUrl(key))).toBe(key);
    expect(keyOfUrl("/images/products/kupa.svg")).toBeNull();
    expect(typeOfExtension("avif")).toBe("image/avif");
    expect(typeOfExtension("svg")).toBeNull();
  });
});
