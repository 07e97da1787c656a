// Blob bytes on the local disk (see types.ts for the surface). An upload lands under a random temp
// key; the first record that references it makes it permanent under its CID. The index of which blobs
// exist and who references them is the actor store's; this only holds bytes.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import {
  copyFile,
  link,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Cid } from "@atproto/lex-data";
import type { BlobStore, ByteRange, TempBlob } from "./types.ts";

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === "ENOENT";

export class DiskBlobStore implements BlobStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  // Sharded by a hash prefix of the DID, as actor stores are, so no directory grows too large.
  private didDir(did: string): string {
    const shard = createHash("sha256").update(did).digest("hex").slice(0, 2);
    return path.join(this.root, shard, encodeURIComponent(did));
  }

  private blobPath(did: string, cid: Cid): string {
    return path.join(this.didDir(did), cid.toString());
  }

  // Derived files (thumbnails) live in a directory per blob, so deleting a blob removes them at once.
  // "derived" cannot clash with a blob file: those are named by their CID.
  private derivedDir(did: string, cid: Cid): string {
    return path.join(this.didDir(did), "derived", cid.toString());
  }

  private derivedPath(did: string, cid: Cid, name: string): string {
    if (!/^[a-z0-9][a-z0-9.-]*$/.test(name)) throw new Error(`invalid derived blob name: ${name}`);
    return path.join(this.derivedDir(did, cid), name);
  }

  private tempDir(did: string): string {
    return path.join(this.root, "tmp", encodeURIComponent(did));
  }

  private tempPath(did: string, key: string): string {
    return path.join(this.tempDir(did), key);
  }

  async putTemp(did: string, chunks: AsyncIterable<Uint8Array>): Promise<string> {
    const key = randomBytes(16).toString("hex");
    const file = this.tempPath(did, key);
    await mkdir(path.dirname(file), { recursive: true });
    try {
      await pipeline(Readable.from(chunks), createWriteStream(file, { flags: "wx" }));
    } catch (err) {
      await rm(file, { force: true });
      throw err;
    }
    return key;
  }

  async makePermanent(did: string, key: string, cid: Cid): Promise<void> {
    const target = this.blobPath(did, cid);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = this.tempPath(did, key);
    // A hard link costs no copy; a file system without links gets a copy.
    await link(temp, target).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code === "EEXIST") return;
      if (isMissing(err) && (await this.has(did, cid))) return;
      if (isMissing(err)) throw err;
      await copyFile(temp, target);
    });
  }

  async deleteTemp(did: string, key: string): Promise<void> {
    await rm(this.tempPath(did, key), { force: true });
  }

  async getTemp(did: string, key: string, maxBytes: number): Promise<Uint8Array | null> {
    const file = await open(this.tempPath(did, key), "r").catch((err) =>
      isMissing(err) ? null : Promise.reject(err),
    );
    if (!file) return null;
    try {
      const buffer = Buffer.alloc(Math.min(maxBytes, (await file.stat()).size));
      const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
  }

  async *listTemp(): AsyncIterable<TempBlob> {
    const tmp = path.join(this.root, "tmp");
    const dids = await readdir(tmp).catch((err) => (isMissing(err) ? [] : Promise.reject(err)));
    for (const dir of dids) {
      const did = decodeURIComponent(dir);
      for (const key of await readdir(path.join(tmp, dir)).catch(() => [])) {
        const info = await stat(path.join(tmp, dir, key)).catch(() => null);
        if (info) yield { did, key, modifiedAt: info.mtimeMs };
      }
    }
  }

  async has(did: string, cid: Cid): Promise<boolean> {
    return (await this.size(did, cid)) !== null;
  }

  async size(did: string, cid: Cid): Promise<number | null> {
    const info = await stat(this.blobPath(did, cid)).catch((err) =>
      isMissing(err) ? null : Promise.reject(err),
    );
    return info?.size ?? null;
  }

  async get(did: string, cid: Cid): Promise<Uint8Array | null> {
    return readFile(this.blobPath(did, cid)).catch((err) => (isMissing(err) ? null : Promise.reject(err)));
  }

  stream(did: string, cid: Cid, range?: ByteRange): ReadableStream<Uint8Array> {
    const file = createReadStream(this.blobPath(did, cid), range);
    // Node's and the global (web) stream types are declared apart; the object is the same.
    return Readable.toWeb(file) as unknown as ReadableStream<Uint8Array>;
  }

  async getDerived(did: string, cid: Cid, name: string): Promise<Uint8Array | null> {
    return readFile(this.derivedPath(did, cid, name)).catch((err) =>
      isMissing(err) ? null : Promise.reject(err),
    );
  }

  async putDerived(did: string, cid: Cid, name: string, bytes: Uint8Array): Promise<void> {
    const target = this.derivedPath(did, cid, name);
    await mkdir(path.dirname(target), { recursive: true });
    // Written aside then renamed, so a concurrent reader never sees half a file.
    const partial = `${target}.${randomBytes(6).toString("hex")}.partial`;
    try {
      await writeFile(partial, bytes);
      await rename(partial, target);
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
  }

  async deleteDerived(did: string, cid: Cid): Promise<void> {
    await rm(this.derivedDir(did, cid), { recursive: true, force: true });
  }

  async delete(did: string, cid: Cid): Promise<void> {
    await rm(this.blobPath(did, cid), { force: true });
    await this.deleteDerived(did, cid);
  }

  async deleteAll(did: string): Promise<void> {
    await rm(this.didDir(did), { recursive: true, force: true });
    await rm(this.tempDir(did), { recursive: true, force: true });
  }
}
