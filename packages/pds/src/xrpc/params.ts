// Query strings carry only strings; the lexicon says which are integers, booleans or arrays. This
// converts them before lexicon validation, as @atproto/xrpc-server does.
import type { LexXrpcParameters } from "@atproto/lexicon";
import { invalidRequest } from "./errors.ts";

export function decodeQueryParams(def: LexXrpcParameters | undefined, query: URLSearchParams) {
  const out: Record<string, unknown> = {};
  const props = def?.properties ?? {};
  for (const [name, prop] of Object.entries(props)) {
    const raw = query.getAll(name);
    if (raw.length === 0) continue;
    if (prop.type === "array") {
      out[name] = raw.map((v) => decodeScalar(name, prop.items.type, v));
    } else {
      out[name] = decodeScalar(name, prop.type, raw[raw.length - 1]);
    }
  }
  return out;
}

function decodeScalar(name: string, type: string, value: string): unknown {
  if (type === "integer") {
    if (!/^-?\d+$/.test(value)) throw invalidRequest(`${name} must be an integer`);
    return Number(value);
  }
  if (type === "boolean") {
    if (value === "true") return true;
    if (value === "false") return false;
    throw invalidRequest(`${name} must be a boolean`);
  }
  return value;
}
