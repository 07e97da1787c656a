// CAR v1 files. Block sections are written straight from stored bytes (CID bytes + content), in one
// synchronous pass: exporting a repo is a table scan, not a walk through async generators.
import { encode } from "@atproto/lex-cbor";
import type { Cid } from "@atproto/lex-data";
import varint from "varint";

export interface RawBlock {
  cid: Uint8Array;
  bytes: Uint8Array;
}

// A null root makes a CAR of loose blocks (getBlocks).
export function carFile(root: Cid | null, blocks: Iterable<RawBlock>): Uint8Array {
  const header = encode({ version: 1, roots: root ? [root] : [] });
  const parts: Uint8Array[] = [Uint8Array.from(varint.encode(header.length)), header];
  let size = parts[0].length + header.length;
  for (const b of blocks) {
    const len = Uint8Array.from(varint.encode(b.cid.length + b.bytes.length));
    parts.push(len, b.cid, b.bytes);
    size += len.length + b.cid.length + b.bytes.length;
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
