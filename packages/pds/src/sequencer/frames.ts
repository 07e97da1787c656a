// Event-stream frames: a DAG-CBOR header ({op: 1, t: "#commit"} or {op: -1} for errors) followed by
// the DAG-CBOR body, as com.atproto.sync.subscribeRepos defines them.
import { encode } from "@atproto/lex-cbor";
import type { LexMap } from "@atproto/lex-data";

export type EventType = "#commit" | "#sync" | "#identity" | "#account";

export function messageFrame(type: string, body: LexMap): Uint8Array {
  return concat(encode({ op: 1, t: type }), encode(body));
}

export function errorFrame(error: string, message?: string): Uint8Array {
  return concat(encode({ op: -1 }), encode(message ? { error, message } : { error }));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
