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
