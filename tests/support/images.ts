/**
 * The header of a PNG of the given size (signature and IHDR chunk, CRC left zero: only the header is
 * read), then `tail`, which makes each file's bytes (and so its storage key) unique.
 */
export function png(tail: string | Uint8Array = "", width = 1, height = 1) {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write("IHDR", 4, "ascii");
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr.writeUInt8(8, 16);
  ihdr.writeUInt8(2, 17);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, ihdr, Buffer.from(tail)]);
}

/** The start of a baseline JPEG of the given size (SOI and a SOF0 segment), then `tail`. */
export function jpeg(tail: string | Uint8Array = "", width = 1, height = 1) {
  const sof = Buffer.alloc(19);
  sof.writeUInt16BE(0xffc0, 0);
  sof.writeUInt16BE(17, 2);
  sof.writeUInt8(8, 4);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  sof.writeUInt8(3, 9);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), sof, Buffer.from(tail)]);
}
