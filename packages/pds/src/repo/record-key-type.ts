// A validated record's key must be of the kind its lexicon names (`key`: tid, nsid, literal:<value>,
// any), as the official PDS checks it: a post under "foo" or a profile under anything but "self" is not
// a record other services will look for.
import type { Lexicons } from "@atproto/lexicon";
import { isValidNsid, isValidTid } from "@atproto/syntax";
import { invalidRequest } from "../xrpc/errors.ts";

export function checkRecordKeyType(lexicons: Lexicons, nsid: string, rkey: string): void {
  const def = lexicons.getDef(nsid) as { type?: string; key?: string } | undefined;
  if (def?.type !== "record") return;
  const key = def.key ?? "any";
  let reason: string | null = null;
  if (key === "tid") {
    if (!isValidTid(rkey)) reason = "must be a TID";
  } else if (key === "nsid") {
    if (!isValidNsid(rkey)) reason = "must be an NSID";
  } else if (key.startsWith("literal:")) {
    const literal = key.slice("literal:".length);
    if (rkey !== literal) reason = `must be "${literal}"`;
  }
  if (reason) throw invalidRequest(`Invalid record key for ${nsid}: ${reason}`, "InvalidRecord");
}
