// CAR v1 reading for proofs: the header's roots and every block, each block's CID checked against a
// sha-256 of its bytes, so nothing later has to trust the sender's labels.
import { decode } from "@atproto/lex-cbor";
import { type Cid, decodeCid, isCid, isCidForBytes } from "@atproto/lex-data";

export class CarError extends Error {}

export interface Car {
  roots: Cid[];
  // Block bytes by CID string.
  blocks: Map<string, Uint8Array>;
}

const MAX_BLOCKS = 10_000;

function readVarint(bytes: Uint8Array, offset: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  for (let i = offset; i < bytes.length && i < offset + 8; i++) {
    const b = bytes[i];
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [value, i + 1];
    shift += 7;
  }
  throw new CarError("bad varint");
}

// A CIDv1's length: version, codec, then the multihash (code, digest length, digest).
function cidLength(bytes: Uint8Array, offset: number): number {
  let o = offset;
  const [version, afterVersion] = readVarint(bytes, o);
  if (version !== 1) throw new CarError("only CIDv1 blocks are accepted");
  o = readVarint(bytes, afterVersion)[1];
  o = readVarint(bytes, o)[1];
  const [digestLength, afterLength] = readVarint(bytes, o);
  return afterLength + digestLength - offset;
}

export async function readCar(bytes: Uint8Array): Promise<Car> {
  const [headerLength, afterHeaderLength] = readVarint(bytes, 0);
  const headerEnd = afterHeaderLength + headerLength;
  if (headerEnd > bytes.length) throw new CarError("truncated CAR header");
  let header: { version?: unknown; roots?: unknown };
  try {
    header = decode(bytes.subarray(afterHeaderLength, headerEnd)) as typeof header;
  } catch {
    throw new CarError("undecodable CAR header");
  }
  if (header?.version !== 1 || !Array.isArray(header.roots) || !header.roots.every((r) => isCid(r)))
    throw new CarError("not a CAR v1 header");
  const blocks = new Map<string, Uint8Array>();
  let offset = headerEnd;
  while (offset < bytes.length) {
    if (blocks.size >= MAX_BLOCKS) throw new CarError("too many blocks");
    const [sectionLength, sectionStart] = readVarint(bytes, offset);
    const sectionEnd = sectionStart + sectionLength;
    if (sectionEnd > bytes.length) throw new CarError("truncated CAR block");
    const length = cidLength(bytes, sectionStart);
    if (length > sectionLength) throw new CarError("bad CAR block");
    const cid = decodeCid(bytes.slice(sectionStart, sectionStart + length));
    const block = bytes.slice(sectionStart + length, sectionEnd);
    const matches = await isCidForBytes(cid, block).catch(() => false);
    if (!matches) throw new CarError(`block ${cid.toString()} does not match its CID`);
    blocks.set(cid.toString(), block);
    offset = sectionEnd;
  }
  return { roots: header.roots as Cid[], blocks };
}
