// Single byte ranges of RFC 9110 (`bytes=a-b`, `bytes=a-`, `bytes=-n`). Another unit, or several
// ranges at once, is ignored (the whole blob is sent, which the RFC allows); a malformed or
// unsatisfiable bytes range is answered 416.
import type { ByteRange } from "./types.ts";

export type RangeRequest = { kind: "full" } | ({ kind: "partial" } & ByteRange) | { kind: "unsatisfiable" };

export function parseRange(header: string | null, size: number): RangeRequest {
  if (header === null) return { kind: "full" };
  const value = header.trim();
  if (!value.toLowerCase().startsWith("bytes=")) return { kind: "full" };
  const spec = value.slice("bytes=".length).trim();
  if (spec.includes(",")) return { kind: "full" };
  const match = /^(\d*)-(\d*)$/.exec(spec);
  if (!match || (match[1] === "" && match[2] === "")) return { kind: "unsatisfiable" };
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || (match[2] !== "" && Number(match[2]) < start)) return { kind: "unsatisfiable" };
  return { kind: "partial", start, end };
}
