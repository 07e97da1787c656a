// What an administrator may label and with what: an account (its DID, no cid) or a record (its full
// at://did/collection/rkey URI, optionally one version by cid), with label values in the protocol's
// form: lowercase ASCII kebab-case, `!` in front for the system values (!hide, !warn, !takedown), under
// 128 bytes. Refused with InvalidSubject / InvalidRequest before anything is signed.
import { AtUri, isValidAtUri, isValidDid } from "@atproto/syntax";
import { invalidRequest } from "../xrpc/errors.ts";

const LABEL_VALUE = /^!?[a-z0-9][a-z0-9-]*$/;

export function assertLabelSubject(uri: string, cid: string | undefined): void {
  if (isValidDid(uri)) {
    if (cid !== undefined)
      throw invalidRequest("an account label (uri is a DID) takes no cid", "InvalidSubject");
    return;
  }
  if (!uri.startsWith("at://") || !isValidAtUri(uri))
    throw invalidRequest(`not a DID or an at:// URI: ${uri}`, "InvalidSubject");
  const parsed = new AtUri(uri);
  if (!isValidDid(parsed.host) || !parsed.collection || !parsed.rkey)
    throw invalidRequest(`a record URI names a DID, a collection and a record key: ${uri}`, "InvalidSubject");
}

export function assertLabelValues(create: string[], negate: string[]): void {
  if (create.length === 0 && negate.length === 0)
    throw invalidRequest("give createLabelVals or negateLabelVals (or both)");
  for (const val of [...create, ...negate]) {
    if (!LABEL_VALUE.test(val))
      throw invalidRequest(`label value ${JSON.stringify(val)}: lowercase letters, digits and hyphens only`);
  }
  const both = create.find((val) => negate.includes(val));
  if (both !== undefined) throw invalidRequest(`label value ${both} is both applied and negated`);
  if (new Set(create).size !== create.length || new Set(negate).size !== negate.length)
    throw invalidRequest("a label value is listed twice");
}
