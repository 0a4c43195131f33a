import { describe, expect, it } from "vitest";
import { checkImage, MAX_IMAGE_SIDE } from "@/lib/storage/check";
import { imageSize, keyOfUrl, mediaUrl, sniffImageType, typeOfExtension } from "@/lib/storage/media";
import { png } from "../support/images";

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

// The pixel size read from an image's header, for each format and variant the store accepts: real
// encoder output (37 × 23 px each), so the parsers are checked against files as browsers and phones make them.
const FILES: Record<string, string> = {
  jpeg: "/9j/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAXACUDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAX/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFgEBAQEAAAAAAAAAAAAAAAAAAAQG/8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAAwDAQACEQMRAD8AngI2kAAAAAAAAAAf/9k=",
  progressiveJpeg:
    "/9j/4QC8RXhpZgAASUkqAAgAAAAGABIBAwABAAAAAQAAABoBBQABAAAAVgAAABsBBQABAAAAXgAAACgBAwABAAAAAgAAABMCAwABAAAAAQAAAGmHBAABAAAAZgAAAAAAAAA4YwAA6AMAADhjAADoAwAABgAAkAcABAAAADAyMTABkQcABAAAAAECAwAAoAcABAAAADAxMDABoAMAAQAAAP//AAACoAQAAQAAACUAAAADoAQAAQAAABcAAAAAAAAA/+IB8ElDQ19QUk9GSUxFAAEBAAAB4GxjbXMEIAAAbW50clJHQiBYWVogB+IAAwAUAAkADgAdYWNzcE1TRlQAAAAAc2F3c2N0cmwAAAAAAAAAAAAAAAAAAPbWAAEAAAAA0y1oYW5keem/Vlo+AbaDI4VVRvdPqgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAKZGVzYwAAAPwAAAAkY3BydAAAASAAAAAid3RwdAAAAUQAAAAUY2hhZAAAAVgAAAAsclhZWgAAAYQAAAAUZ1hZWgAAAZgAAAAUYlhZWgAAAawAAAAUclRSQwAAAcAAAAAgZ1RSQwAAAcAAAAAgYlRSQwAAAcAAAAAgbWx1YwAAAAAAAAABAAAADGVuVVMAAAAIAAAAHABzAFIARwBCbWx1YwAAAAAAAAABAAAADGVuVVMAAAAGAAAAHABDAEMAMAAAWFlaIAAAAAAAAPbWAAEAAAAA0y1zZjMyAAAAAAABDD8AAAXd///zJgAAB5AAAP2S///7of///aIAAAPcAADAcVhZWiAAAAAAAABvoAAAOPIAAAOPWFlaIAAAAAAAAGKWAAC3iQAAGNpYWVogAAAAAAAAJKAAAA+FAAC2xHBhcmEAAAAAAAMAAAACZmkAAPKnAAANWQAAE9AAAApb/9sAQwAQCwwODAoQDg0OEhEQExgoGhgWFhgxIyUdKDozPTw5Mzg3QEhcTkBEV0U3OFBtUVdfYmdoZz5NcXlwZHhcZWdj/9sAQwEREhIYFRgvGhovY0I4QmNjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2Nj/8IAEQgAFwAlAwEiAAIRAQMRAf/EABUAAQEAAAAAAAAAAAAAAAAAAAAE/8QAFgEBAQEAAAAAAAAAAAAAAAAAAAMF/9oADAMBAAIQAxAAAAGcR0gAAAAP/8QAFBABAAAAAAAAAAAAAAAAAAAAMP/aAAgBAQABBQJ//8QAFBEBAAAAAAAAAAAAAAAAAAAAIP/aAAgBAwEBPwFf/8QAFBEBAAAAAAAAAAAAAAAAAAAAIP/aAAgBAgEBPwFf/8QAFBABAAAAAAAAAAAAAAAAAAAAMP/aAAgBAQAGPwJ//8QAFBABAAAAAAAAAAAAAAAAAAAAMP/aAAgBAQABPyF//9oADAMBAAIAAwAAABAAAAAAD//EABQRAQAAAAAAAAAAAAAAAAAAACD/2gAIAQMBAT8QX//EABQRAQAAAAAAAAAAAAAAAAAAACD/2gAIAQIBAT8QX//EABQQAQAAAAAAAAAAAAAAAAAAADD/2gAIAQEAAT8Qf//Z",
  png: "iVBORw0KGgoAAAANSUhEUgAAACUAAAAXCAIAAAADThHyAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAANElEQVRIiWM4Y2xMT8Qwap/xaHieGU0vxqP54cxo+WI8Wn4aj9YPxqP1rfFoe+LMYGgvAQAKavlkWnK/QwAAAABJRU5ErkJggg==",
  webpLossy:
    "UklGRkgAAABXRUJQVlA4IDwAAAAwAwCdASolABcAPtFmrFEoJaQipWgBABoJZwDO7A8KmggAAP7kAX6qp6/G7/+Ic/ly/iCv9ufhUlGAAAA=",
  webpLossless: "UklGRh4AAABXRUJQVlA4TBEAAAAvJIAFAAfQmTJ3pv+BiOh/AAA=",
  webpAlpha:
    "UklGRlgAAABXRUJQVlA4WAoAAAAQAAAAJAAAFgAAQUxQSAoAAAABB1DAiAhERP8DVlA4ICgAAADwAgCdASolABcAPtFmrVEoJaQipWgBABoJaQAAKUNt8AD+82IAAAAA",
  avif: "AAAAHGZ0eXBhdmlmAAAAAG1pZjFhdmlmbWlhZgAAANZtZXRhAAAAAAAAACFoZGxyAAAAAAAAAABwaWN0AAAAAAAAAAAAAAAAAAAAACJpbG9jAAAAAERAAAEAAQAAAAAA+gABAAAAAAAAACQAAAAjaWluZgAAAAAAAQAAABVpbmZlAgAAAAABAABhdjAxAAAAAA5waXRtAAAAAAABAAAAVmlwcnAAAAA4aXBjbwAAAAxhdjFDgSACAAAAABRpc3BlAAAAAAAAACUAAAAXAAAAEHBpeGkAAAAAAwgICAAAABZpcG1hAAAAAAAAAAEAAQOBAgMAAAAsbWRhdBIACgk4FSSzSAhoNIAyFRxCYuTgABYAAKxDfGHIPGPt3UjoSg==",
};

describe("imageSize", () => {
  for (const [name, base64] of Object.entries(FILES)) {
    it(`reads ${name}`, () => {
      const bytes = Buffer.from(base64, "base64");
      const type = sniffImageType(bytes);
      expect(type).not.toBeNull();
      expect(type && imageSize(bytes, type)).toEqual({ width: 37, height: 23 });
    });
  }

  it("is null for a header cut short or declaring no pixels", () => {
    const jpeg = Buffer.from(FILES.jpeg ?? "", "base64");
    expect(imageSize(jpeg.subarray(0, 20), "image/jpeg")).toBeNull();
    expect(imageSize(png("", 0, 10), "image/png")).toBeNull();
    expect(imageSize(png().subarray(0, 20), "image/png")).toBeNull();
    expect(imageSize(Buffer.from("RIFF\0\0\0\0WEBPVP8 "), "image/webp")).toBeNull();
  });
});

describe("checkImage", () => {
  it("takes up to the side limit and refuses a larger canvas, naming the field", () => {
    expect(checkImage(png("", MAX_IMAGE_SIDE, 1), "photos")).toMatchObject({
      width: MAX_IMAGE_SIDE,
      height: 1,
    });
    expect(() => checkImage(png("", 1, MAX_IMAGE_SIDE + 1), "photos")).toThrow(
      expect.objectContaining({
        code: "VALIDATION_FAILED",
        details: {
          fields: { photos: { key: "forms.image.tooManyPixels", values: { max: MAX_IMAGE_SIDE } } },
        },
      }),
    );
  });
});
