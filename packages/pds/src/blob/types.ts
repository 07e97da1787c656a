// Blob bytes behind a small interface, so another backend (S3, memory) could stand in. The index of which
// blobs exist and who references them is the actor store's; a blob store only holds bytes.
import type { Cid } from "@atproto/lex-data";

/** An inclusive byte range, as HTTP Range requests name them. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface TempBlob {
  did: string;
  key: string;
  modifiedAt: number;
}

export interface BlobStore {
  /** Writes the chunks under a new temp key; nothing is left behind if the iterable throws. */
  putTemp(did: string, chunks: AsyncIterable<Uint8Array>): Promise<string>;
  /**
   * Gives the temp upload its permanent place under the CID. The temp copy stays until deleteTemp, so
   * a commit that fails after this leaves the upload to the sweep, not an orphan. Idempotent.
   */
  makePermanent(did: string, key: string, cid: Cid): Promise<void>;
  deleteTemp(did: string, key: string): Promise<void>;
  /** The first `maxBytes` of a temp upload (null once gone), e.g. to read an image's header. */
  getTemp(did: string, key: string, maxBytes: number): Promise<Uint8Array | null>;
  listTemp(): AsyncIterable<TempBlob>;
  has(did: string, cid: Cid): Promise<boolean>;
  size(did: string, cid: Cid): Promise<number | null>;
  get(did: string, cid: Cid): Promise<Uint8Array | null>;
  stream(did: string, cid: Cid, range?: ByteRange): ReadableStream<Uint8Array>;
  /** Bytes made from a blob (its thumbnails) under a plain file `name`; null when not made yet. */
  getDerived(did: string, cid: Cid, name: string): Promise<Uint8Array | null>;
  /** Stores derived bytes atomically (a reader sees all of them or none). Deleted with the blob. */
  putDerived(did: string, cid: Cid, name: string, bytes: Uint8Array): Promise<void>;
  /** Everything derived from the blob, the blob itself kept. Idempotent. */
  deleteDerived(did: string, cid: Cid): Promise<void>;
  /** The blob and everything derived from it. Idempotent. */
  delete(did: string, cid: Cid): Promise<void>;
  /** Every blob of the account, permanent and temp (a deleted account). Idempotent. */
  deleteAll(did: string): Promise<void>;
}
