// Sorting ingest failures: a transient one (network, timeout, a 5xx from the PLC directory) must not
// advance the upstream cursor, so the event is tried again; anything else about the event itself
// (bad signature, unknown DID, malformed CAR) will never succeed and is dropped and counted.
import {
  DidNotFoundError,
  PoorlyFormattedDidDocumentError,
  UnsupportedDidMethodError,
} from "@atproto/identity";
import { RepoVerificationError } from "@atproto/repo";

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "EHOSTUNREACH",
]);

export function isTransient(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const x = e as { name?: string; message?: string; code?: string; status?: number };
    if (x.name === "AbortError" || x.name === "TimeoutError") return true;
    if (x.name === "TypeError" && x.message === "fetch failed") return true;
    if (x.code && (NETWORK_CODES.has(x.code) || x.code.startsWith("UND_ERR"))) return true;
    if (typeof x.status === "number" && (x.status >= 500 || x.status === 429)) return true;
  }
  return false;
}

// The commit is forged or does not belong to the DID's current key: drop it, count it.
export function isRejection(err: unknown): boolean {
  return (
    err instanceof RepoVerificationError ||
    err instanceof DidNotFoundError ||
    err instanceof PoorlyFormattedDidDocumentError ||
    err instanceof UnsupportedDidMethodError
  );
}
