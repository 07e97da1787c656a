// Blob bytes for tests: real PNGs (signature, IHDR, a tEXt chunk of random padding, IDAT, IEND with
// correct CRCs), so type sniffing sees a genuine image and every call gives a distinct CID.
import { randomBytes } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";

/** One PNG chunk: length, type, data and its CRC. */
export function pngChunk(type: string, data: Uint8Array): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A 1x1 RGBA PNG, padded with a tEXt chunk to about `size` bytes (at least ~80). */
export function pngBytes(size = 200): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const pixels = deflateSync(Buffer.from([0, 255, 0, 0, 255]));
  const head = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
  ]);
  const tail = Buffer.concat([pngChunk("IDAT", pixels), pngChunk("IEND", new Uint8Array())]);
  const padLen = Math.max(8, size - head.length - tail.length - 12 - 8);
  const text = Buffer.concat([
    Buffer.from("Comment\0", "latin1"),
    Buffer.from(randomBytes(padLen).toString("hex").slice(0, padLen), "latin1"),
  ]);
  return new Uint8Array(Buffer.concat([head, pngChunk("tEXt", text), tail]));
}

export const imagePost = (text: string, image: unknown, alt = "a test image") => ({
  $type: "app.bsky.feed.post",
  text,
  createdAt: new Date().toISOString(),
  embed: { $type: "app.bsky.embed.images", images: [{ image, alt }] },
});
