// Image blobs on a PDS of its own: dimensions read at upload (net.atrarium.pds.blob.getMetadata),
// WebP thumbnails made on request (net.atrarium.pds.blob.getThumbnail) with caching headers and no
// EXIF/GPS, hostile images (truncated, decompression bomb) answered with clear errors while the server
// keeps serving, the same visibility as com.atproto.sync.getBlob, and thumbnails deleted with the blob.
import { readdir } from "node:fs/promises";
import { deflateSync } from "node:zlib";
import { AtpAgent } from "@atproto/api";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pngChunk } from "./blob-fixtures.ts";
import { type PrivatePds, startPrivatePds } from "./support/private-pds.ts";

const ADMIN_PASSWORD = "blob-images-admin";
const asAdmin = {
  headers: { authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString("base64")}` },
};
// A record type Aurora Locus stores without a schema, so any blob (not only images) can be referenced.
const ATTACHMENT = "com.example.attachment";

let pds: PrivatePds;
let user: TestAccount;

beforeAll(async () => {
  pds = await startPrivatePds({ adminPassword: ADMIN_PASSWORD });
  user = await createTestAccount(pds.pdsUrl);
});
afterAll(() => pds?.close());

interface StoredBlob {
  cid: string;
  mimeType: string;
  size: number;
  uri: string;
}

/** Uploads the bytes and references them from a record, so the blob is public. */
async function storeBlob(bytes: Uint8Array, encoding: string): Promise<StoredBlob> {
  const { blob } = (await user.agent.com.atproto.repo.uploadBlob(bytes, { encoding })).data;
  const { uri } = (
    await user.agent.com.atproto.repo.createRecord({
      repo: user.did,
      collection: ATTACHMENT,
      record: { $type: ATTACHMENT, file: blob, createdAt: new Date().toISOString() },
    })
  ).data;
  return { cid: blob.ref.toString(), mimeType: blob.mimeType, size: blob.size, uri };
}

function call(nsid: string, params: Record<string, string>, headers: Record<string, string> = {}) {
  const url = new URL(`/xrpc/${nsid}`, pds.pdsUrl);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return fetch(url, { headers });
}
const getMetadata = (cid: string, did = user.did) => call("net.atrarium.pds.blob.getMetadata", { did, cid });
const getThumbnail = (cid: string, extra: Record<string, string> = {}, headers?: Record<string, string>) =>
  call("net.atrarium.pds.blob.getThumbnail", { did: user.did, cid, ...extra }, headers);

async function expectError(res: Response, status: number, error: string): Promise<string> {
  const body = (await res.json()) as { error?: string; message?: string };
  expect({ status: res.status, error: body.error }).toEqual({ status, error });
  expect(body.message).toBeTruthy();
  return body.message ?? "";
}

const solid = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 60, b: 30 } } });

// A PNG whose header claims `width` x `height` but whose pixel data is one short row: a decompression
// bomb's shape (a few hundred bytes that would decode to gigabytes).
function pngClaiming(width: number, height: number): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", deflateSync(Buffer.alloc(1 + width * 3))),
    pngChunk("IEND", new Uint8Array()),
  ]);
}

// Whether an EXIF block (as sharp's metadata().exif gives it: "Exif\0\0" then TIFF) points to a GPS
// directory: tag 0x8825, written in the block's byte order ("II" little-endian, "MM" big-endian).
function hasGpsIfd(exif: Buffer | undefined): boolean {
  if (!exif) return false;
  const littleEndian = exif.subarray(6, 8).toString("latin1") === "II";
  return exif.includes(Buffer.from(littleEndian ? [0x25, 0x88] : [0x88, 0x25]));
}

async function filesUnder(dir: string, suffix: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((name) => name.endsWith(suffix));
}

describe("net.atrarium.pds.blob.getMetadata", () => {
  it("answers an uploaded PNG's type, size and dimensions", async () => {
    const png = await solid(800, 600).png().toBuffer();
    const blob = await storeBlob(png, "image/png");
    const res = await getMetadata(blob.cid);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      cid: blob.cid,
      mimeType: "image/png",
      size: png.length,
      width: 800,
      height: 600,
      thumbnails: true,
    });
  });

  it("answers a blob that is not an image without dimensions", async () => {
    const blob = await storeBlob(new TextEncoder().encode("plain words"), "text/plain");
    const res = await getMetadata(blob.cid);
    expect(await res.json()).toMatchObject({ mimeType: "text/plain", thumbnails: false });
    const thumb = await getThumbnail(blob.cid);
    expect(await expectError(thumb, 400, "NotAnImage")).toContain("text/plain");
  });
});

describe("net.atrarium.pds.blob.getThumbnail", () => {
  it("serves WebP thumbnails within each size, with caching headers, and without EXIF or GPS", async () => {
    const jpeg = await solid(1200, 900)
      .jpeg()
      .withExif({
        IFD0: { Make: "TestCam", Model: "Leaky" },
        IFD3: {
          GPSLatitudeRef: "N",
          GPSLatitude: "35/1 41/1 22/1",
          GPSLongitudeRef: "E",
          GPSLongitude: "139/1 41/1 30/1",
        },
      })
      .toBuffer();
    // The original does carry a position, so its absence below is the server's doing.
    const originalExif = (await sharp(jpeg).metadata()).exif;
    expect(originalExif?.includes(Buffer.from("TestCam"))).toBe(true);
    expect(hasGpsIfd(originalExif)).toBe(true);
    const blob = await storeBlob(jpeg, "image/jpeg");
    expect(await (await getMetadata(blob.cid)).json()).toMatchObject({ width: 1200, height: 900 });

    for (const [size, edge] of [
      ["thumbnail", 256],
      ["fullsize", 1000],
    ] as const) {
      const res = await getThumbnail(blob.cid, { size });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/webp");
      expect(res.headers.get("cache-control")).toBe("public, max-age=3600, immutable");
      const etag = res.headers.get("etag");
      expect(etag).toContain(blob.cid);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(Number(res.headers.get("content-length"))).toBe(bytes.length);
      const info = await sharp(bytes).metadata();
      expect(info.format).toBe("webp");
      expect({ width: info.width, height: info.height }).toEqual({ width: edge, height: (edge * 3) / 4 });
      expect(info.exif).toBeUndefined();
      expect(hasGpsIfd(info.exif)).toBe(false);
      expect(info.xmp).toBeUndefined();

      // Served again from the store, byte for byte; a cache revalidating gets 304.
      const again = await getThumbnail(blob.cid, { size });
      expect(Buffer.from(await again.arrayBuffer()).equals(bytes)).toBe(true);
      const revalidated = await getThumbnail(blob.cid, { size }, { "if-none-match": etag ?? "" });
      expect(revalidated.status).toBe(304);
    }
    // The default size is the small one.
    const byDefault = await sharp(Buffer.from(await (await getThumbnail(blob.cid)).arrayBuffer())).metadata();
    expect(byDefault.width).toBe(256);
  });

  it("does not enlarge a small image, and applies its EXIF orientation", async () => {
    // Stored 40x20 with orientation 6 (turn a quarter clockwise): viewers show it 20x40.
    const jpeg = await solid(40, 20).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const blob = await storeBlob(jpeg, "image/jpeg");
    expect(await (await getMetadata(blob.cid)).json()).toMatchObject({ width: 20, height: 40 });
    const info = await sharp(Buffer.from(await (await getThumbnail(blob.cid)).arrayBuffer())).metadata();
    expect({ width: info.width, height: info.height, orientation: info.orientation }).toEqual({
      width: 20,
      height: 40,
      orientation: undefined,
    });
  });

  it("answers a truncated image InvalidImage, not a 500, and keeps serving", async () => {
    const png = await solid(800, 600).png({ compressionLevel: 0 }).toBuffer();
    const truncated = png.subarray(0, Math.floor(png.length / 2));
    // Accepted as a blob, as the official PDS accepts any bytes; its header still gives dimensions.
    const blob = await storeBlob(truncated, "image/png");
    expect(blob.mimeType).toBe("image/png");
    expect(await (await getMetadata(blob.cid)).json()).toMatchObject({ width: 800, height: 600 });
    const message = await expectError(await getThumbnail(blob.cid), 400, "InvalidImage");
    expect(message).toMatch(/could not be decoded/);
    // Asking again gets the same answer (remembered, not decoded again).
    await expectError(await getThumbnail(blob.cid, { size: "fullsize" }), 400, "InvalidImage");
    await expectError(await getThumbnail(blob.cid), 400, "InvalidImage");
    const fine = await storeBlob(await solid(30, 30).png().toBuffer(), "image/png");
    expect((await getThumbnail(fine.cid)).status).toBe(200);
  });

  it("refuses a decompression bomb ImageTooLarge without decoding it, and keeps serving", async () => {
    const bomb = pngClaiming(100_000, 100_000);
    expect(bomb.length).toBeLessThan(100_000);
    const blob = await storeBlob(bomb, "image/png");
    expect(await (await getMetadata(blob.cid)).json()).toMatchObject({
      width: 100_000,
      height: 100_000,
      thumbnails: false,
    });
    const message = await expectError(await getThumbnail(blob.cid), 400, "ImageTooLarge");
    expect(message).toContain("100000x100000");
    // The server is still there, and still makes thumbnails.
    const fine = await storeBlob(await solid(20, 20).png().toBuffer(), "image/png");
    expect((await getThumbnail(fine.cid)).status).toBe(200);
  });

  it("answers unknown, invalid and unreferenced blobs and bad sizes as getBlob does", async () => {
    const png = await solid(10, 10).png().toBuffer();
    const known = await storeBlob(png, "image/png");
    const unknownCid = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    for (const res of [await getMetadata(unknownCid), await getThumbnail(unknownCid)])
      await expectError(res, 400, "BlobNotFound");
    await expectError(await getThumbnail("not-a-cid"), 400, "InvalidRequest");
    await expectError(await getThumbnail(known.cid, { size: "huge" }), 400, "InvalidRequest");
    await expectError(await getMetadata(known.cid, "did:plc:unknownunknownunknown"), 400, "RepoNotFound");
    // An upload no record references yet is not public.
    const temp = (await user.agent.com.atproto.repo.uploadBlob(await solid(11, 11).png().toBuffer())).data
      .blob;
    await expectError(await getThumbnail(temp.ref.toString()), 400, "BlobNotFound");
    await expectError(await getMetadata(temp.ref.toString()), 400, "BlobNotFound");
  });

  it("hides a taken-down blob's metadata and thumbnails until restored", async () => {
    const blob = await storeBlob(await solid(64, 64).png().toBuffer(), "image/png");
    expect((await getThumbnail(blob.cid)).status).toBe(200);
    const admin = new AtpAgent({ service: pds.pdsUrl }).com.atproto.admin;
    const subject = { $type: "com.atproto.admin.defs#repoBlobRef", did: user.did, cid: blob.cid };
    await admin.updateSubjectStatus({ subject, takedown: { applied: true, ref: "img-1" } }, asAdmin);
    await expectError(await getThumbnail(blob.cid), 400, "BlobNotFound");
    await expectError(await getMetadata(blob.cid), 400, "BlobNotFound");
    await admin.updateSubjectStatus({ subject, takedown: { applied: false } }, asAdmin);
    expect((await getThumbnail(blob.cid)).status).toBe(200);
  });

  it("deletes the thumbnails with the blob", async () => {
    const blob = await storeBlob(await solid(300, 200).png().toBuffer(), "image/png");
    expect((await getThumbnail(blob.cid)).status).toBe(200);
    expect((await getThumbnail(blob.cid, { size: "fullsize" })).status).toBe(200);
    const mine = async () => (await filesUnder(pds.dataDir, ".webp")).filter((f) => f.includes(blob.cid));
    expect(await mine()).toHaveLength(2);
    await user.agent.com.atproto.repo.deleteRecord({
      repo: user.did,
      collection: ATTACHMENT,
      rkey: blob.uri.split("/").pop() as string,
    });
    expect(await mine()).toEqual([]);
    await expectError(await getThumbnail(blob.cid), 400, "BlobNotFound");
  });
});
